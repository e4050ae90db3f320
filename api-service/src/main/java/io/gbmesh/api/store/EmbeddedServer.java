package io.gbmesh.api.store;

import io.vertx.pgclient.PgConnectOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A PostgreSQL server run by this process, from the binaries shipped in a Maven artifact, on a data
 * directory that outlives it: starting again on the same directory finds the same data.
 *
 * <p>PostgreSQL refuses to run as root; when this process is root (as in many containers) the library
 * runs the server in a user namespace ({@code unshare -U}), which the host must allow.
 */
final class EmbeddedServer implements AutoCloseable {
    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /** Blocking: runs initdb the first time, then starts the server and waits until it answers. */
    static EmbeddedServer start(Path dataDir, int port) throws IOException {
        Files.createDirectories(dataDir);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false)
                .setPort(port)
                // This is the durable record, not a test fixture: keep commits on disk.
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("max_connections", "100")
                .setPGStartupWait(Duration.ofSeconds(60));
        return new EmbeddedServer(builder.start(), dataDir);
    }

    PgConnectOptions connectOptions() {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(postgres.getPort())
                .setDatabase("postgres").setUser("postgres");
    }

    Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
