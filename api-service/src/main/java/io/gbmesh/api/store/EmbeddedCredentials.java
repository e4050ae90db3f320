package io.gbmesh.api.store;

import io.gbmesh.runtime.StoredSecret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The superuser password of the embedded PostgreSQL and the server's client authentication
 * ({@code pg_hba.conf}): password logins (SCRAM-SHA-256) only, never {@code trust}, which would let any
 * local user or process that reaches the port in as superuser.
 *
 * <p>The password is generated at the first start and kept beside the server's data, in
 * {@code GB_DATA_DIR/postgres-password}, readable by its owner only (mode 600): it is how the
 * api-service gets back in after a restart. It is not inside the server's own directory because
 * {@code initdb} wants that one empty.
 */
final class EmbeddedCredentials {
    static final String FILE_NAME = "postgres-password";
    /** What we generate: URL-safe Base64, so it needs no quoting in SQL or in a password file. */
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9_-]{16,128}");
    static final String HBA = """
            # gbmesh: password logins only (SCRAM-SHA-256); the password is in ../%s (mode 600)
            # TYPE  DATABASE     USER  ADDRESS       METHOD
            local   all          all                 scram-sha-256
            host    all          all   127.0.0.1/32  scram-sha-256
            host    all          all   ::1/128       scram-sha-256
            local   replication  all                 scram-sha-256
            host    replication  all   127.0.0.1/32  scram-sha-256
            host    replication  all   ::1/128       scram-sha-256
            """.formatted(FILE_NAME);

    private final Path file;

    EmbeddedCredentials(Path serverDataDir) {
        this.file = serverDataDir.toAbsolutePath().resolveSibling(FILE_NAME);
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.exists(file);
    }

    /** The stored password, generating and storing one (a {@link StoredSecret}, mode 600) when there is none yet. */
    String readOrCreate() throws IOException {
        String password = StoredSecret.readOrCreate(file, StoredSecret.base64url(24));
        if (!PASSWORD.matcher(password).matches()) {
            throw new IOException(file + " does not hold a password of 16 to 128 characters [A-Za-z0-9_-]");
        }
        return password;
    }

    /** Whether {@code pg_hba.conf} lets anyone in without a password: a data directory of an earlier version. */
    static boolean allowsTrust(Path serverDataDir) throws IOException {
        Path hba = serverDataDir.resolve("pg_hba.conf");
        if (!Files.exists(hba)) {
            return false;
        }
        List<String> lines = Files.readAllLines(hba, StandardCharsets.UTF_8);
        for (String line : lines) {
            int comment = line.indexOf('#');
            String rule = comment < 0 ? line : line.substring(0, comment);
            for (String field : rule.trim().split("\\s+")) {
                if (field.equals("trust")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Replaces {@code pg_hba.conf} with password logins only; the server applies it at its next reload. */
    static void writePasswordOnlyHba(Path serverDataDir) throws IOException {
        Path hba = serverDataDir.resolve("pg_hba.conf");
        Path tmp = serverDataDir.resolve("pg_hba.conf.tmp");
        Files.writeString(tmp, HBA, StandardCharsets.UTF_8);
        Files.move(tmp, hba, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
