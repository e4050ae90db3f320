package io.gbmesh.api.store;

import static io.gbmesh.api.store.DeviceEvents.T0;
import static io.gbmesh.api.store.DeviceEvents.deviceId;
import static io.gbmesh.api.store.DeviceEvents.online;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.runtime.Env;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The quick start's database: no GB_PG_URL, a server of our own on a data directory that persists. */
class EmbeddedDatabaseTest {
    private Vertx vertx;

    @BeforeEach
    void vertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void close() {
        await(vertx.close());
    }

    @Test
    void restartingOnTheSameDataDirectoryKeepsTheData() throws Exception {
        Path dataDir = Files.createDirectories(Path.of("target")).resolve("pg-restart-" + ProcessHandle.current().pid());
        Env env = new Env(Map.of("GB_DATA_DIR", dataDir.toString()));

        Database first = await(Database.start(vertx, env));
        assertTrue(first.embedded());
        await(first.ready());
        assertEquals(Migrator.fromClassPath().stream().map(Migrator.Migration::version).sorted().toList(),
                await(new Migrator(first.pool()).migrate()));
        await(new DeviceStore(first.pool()).online(online(deviceId(1), T0)));
        await(first.close());

        Database second = await(Database.start(vertx, env));
        try {
            await(second.ready());
            assertEquals(List.of(), await(new Migrator(second.pool()).migrate()), "schema already there");
            DeviceRow d = await(new DeviceStore(second.pool()).get(deviceId(1))).orElseThrow();
            assertTrue(d.online());
            assertTrue(Files.exists(dataDir.resolve("postgres").resolve("PG_VERSION")));
        } finally {
            await(second.close());
            TestPostgres.deleteTree(dataDir);
        }
    }
}
