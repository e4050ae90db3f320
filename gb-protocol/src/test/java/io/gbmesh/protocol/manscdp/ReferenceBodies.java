package io.gbmesh.protocol.manscdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Device bodies copied byte-for-byte from the reference notes (their sizes equal the Content-Length shown). */
final class ReferenceBodies {

    private ReferenceBodies() {
    }

    static byte[] load(String name) {
        try (InputStream in = ReferenceBodies.class.getResourceAsStream("/manscdp/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
