package io.gbmesh.api.store;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A PostgreSQL server run by this process, from the binaries shipped in a Maven artifact, on a data
 * directory that outlives it: starting again on the same directory finds the same data.
 *
 * <p>PostgreSQL refuses to run as root; when this process is root (as in many containers) the library
 * runs the server in a user namespace ({@code unshare -U}), which the host must allow.
 *
 * <p>Logins need the superuser password ({@link EmbeddedCredentials}): {@code initdb} sets it and
 * writes a password-only {@code pg_hba.conf}. A data directory of an earlier version, which let
 * everyone in ({@code trust}), is upgraded at its first start: the server starts as it was, gets its
 * password, and reloads a password-only {@code pg_hba.conf} before anything else connects.
 */
final class EmbeddedServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServer.class);

    private final EmbeddedPostgres postgres;
    private final Path dataDir;
    private final String password;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDir, String password) {
        this.postgres = postgres;
        this.dataDir = dataDir;
        this.password = password;
    }

    /** Blocking: runs initdb the first time (or upgrades a trust-mode directory), then starts the server and waits until it answers. */
    static EmbeddedServer start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedCredentials credentials = new EmbeddedCredentials(dataDir);
        boolean fresh = !Files.exists(dataDir.resolve("postgresql.conf"));
        boolean upgrade = !fresh && EmbeddedCredentials.allowsTrust(dataDir);
        if (!fresh && !upgrade && !credentials.exists()) {
            throw new IOException("the embedded PostgreSQL in " + dataDir + " takes password logins, and its password file "
                    + credentials.file() + " is missing: restore it, or move the data directory away to start afresh");
        }
        String password = credentials.readOrCreate();
        EmbeddedPostgres.Builder builder = builder(dataDir, port);
        if (fresh) {
            // initdb options (the library passes its "locale config" to initdb); they come after its own
            // "-A trust", so they win
            builder.setLocaleConfig("pwfile", credentials.file().toString())
                    .setLocaleConfig("auth-local", "scram-sha-256")
                    .setLocaleConfig("auth-host", "scram-sha-256");
        }
        if (!upgrade) {
            // the library's own readiness check logs in too
            builder.setConnectConfig("password", password);
            return new EmbeddedServer(builder.start(), dataDir, password);
        }
        EmbeddedPostgres postgres = builder.start();
        try {
            requirePassword(postgres, dataDir, password);
        } catch (IOException | RuntimeException e) {
            postgres.close();
            throw e;
        }
        LOG.info("embedded PostgreSQL in {} upgraded from trust to password logins (password in {})", dataDir,
                credentials.file());
        return new EmbeddedServer(postgres, dataDir, password);
    }

    /**
     * The upgrade of a trust-mode directory, on its running server: no login needs a password until
     * the reload, which is the state the directory was in before, for the milliseconds this takes.
     */
    private static void requirePassword(EmbeddedPostgres postgres, Path dataDir, String password) throws IOException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            // the password is URL-safe Base64 (EmbeddedCredentials checks it): nothing to escape
            s.execute("ALTER ROLE postgres PASSWORD '" + password + "'");
            EmbeddedCredentials.writePasswordOnlyHba(dataDir);
            s.execute("SELECT pg_reload_conf()");
        } catch (SQLException e) {
            throw new IOException("cannot set the password of the embedded PostgreSQL in " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dataDir, int port) {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // This is the durable record, not a test fixture: keep commits on disk.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(60));
    }

    PgConnectOptions connectOptions() {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(postgres.getPort())
                .setDatabase("postgres").setUser("postgres").setPassword(password);
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
