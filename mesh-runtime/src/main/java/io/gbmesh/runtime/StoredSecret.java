package io.gbmesh.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Supplier;

/**
 * A secret of the one-JVM quick start, made at the first start and kept in the data directory
 * ({@code GB_DATA_DIR}) so that what was signed with it stays valid across restarts. A role started
 * alone never uses this: its secrets come from its environment (a Kubernetes Secret).
 *
 * <p>The file is one line, readable by its owner only (mode 600) from its creation on, and appears
 * complete or not at all (written beside it, then moved in place): an interrupted first start
 * leaves no empty or partial secret behind.
 */
public final class StoredSecret {
    private static final int BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private StoredSecret() {
    }

    /** The secret in {@code dir/name}, made (32 random bytes, base64url) and written readable by the owner only when absent. */
    public static String readOrCreate(Path dir, String name) {
        Path file = dir.resolve(name);
        try {
            return readOrCreate(file, base64url(BYTES));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the secret " + file + ": " + e.getMessage(), e);
        }
    }

    /** The secret in {@code file}, made by {@code generator} and stored (mode 600) when there is none yet. */
    public static String readOrCreate(Path file, Supplier<String> generator) throws IOException {
        if (!Files.exists(file)) {
            write(file, generator.get());
        }
        return read(file);
    }

    /** The stored secret, its line without surrounding blanks. */
    public static String read(Path file) throws IOException {
        String secret = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (secret.isEmpty()) {
            throw new IOException(file + " is empty; delete it to have a new secret made");
        }
        return secret;
    }

    /** {@code bytes} random bytes in URL-safe Base64 without padding: nothing to quote in SQL, a URL or a password file. */
    public static Supplier<String> base64url(int bytes) {
        return () -> {
            byte[] random = new byte[bytes];
            RANDOM.nextBytes(random);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        };
    }

    /** {@code length} characters drawn at random from {@code alphabet}, for a secret people type. */
    public static Supplier<String> randomOf(String alphabet, int length) {
        return () -> {
            StringBuilder b = new StringBuilder(length);
            for (int i = 0; i < length; i++) {
                b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
            }
            return b.toString();
        };
    }

    /** Created with mode 600 from the start (never readable by others, even for a moment), then moved in place. */
    private static void write(Path file, String secret) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path tmp = absolute.resolveSibling(absolute.getFileName() + ".tmp");
        Files.deleteIfExists(tmp); // left by an interrupted start
        if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(tmp); // Windows: the file keeps the data directory's permissions
        }
        Files.writeString(tmp, secret + "\n", StandardCharsets.UTF_8);
        try {
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
            Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
