package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredSecretTest {
    @TempDir
    Path dir;

    @Test
    void madeOnceKeptAndReadableByTheOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        String first = StoredSecret.readOrCreate(data, "media-url-secret");
        assertTrue(first.length() >= 40, first);
        assertEquals(first, StoredSecret.readOrCreate(data, "media-url-secret"), "the same at the next start");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("media-url-secret"))));
        assertNotEquals(first, StoredSecret.readOrCreate(dir.resolve("other"), "media-url-secret"), "random, not a default");
    }
}
