package io.gbmesh.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * A secret of the one-JVM quick start, made at the first start and kept in the data directory
 * ({@code GB_DATA_DIR}) so that what was signed with it stays valid across restarts. A role started
 * alone never uses this: its secrets come from its environment (a Kubernetes Secret).
 */
public final class StoredSecret {
    private static final int BYTES = 32;

    private StoredSecret() {
    }

    /** The secret in {@code dir/name}, made (32 random bytes, base64url) and written readable by the owner only when absent. */
    public static String readOrCreate(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            if (Files.exists(file)) {
                return read(file);
            }
            Files.createDirectories(dir);
            byte[] random = new byte[BYTES];
            new SecureRandom().nextBytes(random);
            String secret = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                create(file);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            }
            Files.writeString(file, secret + "\n", StandardCharsets.US_ASCII, StandardOpenOption.TRUNCATE_EXISTING);
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the secret " + file + ": " + e.getMessage(), e);
        }
    }

    /** Created readable by the owner only before anything is written to it. */
    private static void create(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(file); // Windows: the file keeps the data directory's permissions
        }
    }

    private static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.US_ASCII).trim();
        if (secret.isEmpty()) {
            throw new IOException("the file is empty; delete it to have a new secret made");
        }
        return secret;
    }
}
