package io.gbmesh.api.bench;

import static io.gbmesh.testing.Await.await;

import io.gbmesh.api.store.Database;
import io.gbmesh.api.store.DeviceStore;
import io.gbmesh.api.store.EventIngest;
import io.gbmesh.api.store.Migrator;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.Transport;
import io.gbmesh.runtime.Env;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Event ingestion throughput: a burst of {@code EVENTS} DeviceOnline events (distinct devices, first
 * registrations) published on the event bus and written by {@link EventIngest} into PostgreSQL; the
 * time from the first publish until {@code SELECT count(*) FROM devices} reaches {@code EVENTS}.
 *
 * <p>Runs in one (non-clustered) Vert.x: the {@link Database} and {@link EventIngest} exactly as the
 * api-service deploys them (pool size from {@code GB_PG_POOL_SIZE}, default 8), in a schema of its
 * own ({@code bench_ingest_<pid>}) that is migrated at start, emptied between runs and dropped at the
 * end. Every run stops by itself after {@code TIMEOUT_S} seconds.
 *
 * <p>env: {@code PG_URL} (postgresql://127.0.0.1:5432/test, user postgres), {@code EVENTS} (100000),
 * {@code RUNS} (3), {@code TIMEOUT_S} (120), and any {@code GB_PG_*} setting of the api-service.
 */
public final class IngestBench {
    private IngestBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("PG_URL", "postgresql://127.0.0.1:5432/test");
        int events = Integer.parseInt(System.getenv().getOrDefault("EVENTS", "100000"));
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        long timeoutMs = Long.parseLong(System.getenv().getOrDefault("TIMEOUT_S", "120")) * 1000;
        String schema = "bench_ingest_" + ProcessHandle.current().pid();

        Map<String, String> settings = new HashMap<>(System.getenv());
        settings.put("GB_PG_URL", url);
        settings.putIfAbsent("GB_PG_USER", "postgres");
        settings.put("GB_PG_SCHEMA", schema);

        Vertx vertx = Vertx.vertx();
        MeshCodec.register(vertx.eventBus());
        Database db = await(Database.start(vertx, new Env(settings)), 60_000);
        // a connection of its own for counting, so that polling does not take one of the ingest's
        Pool counter = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(db.connectOptions()).using(vertx).build();
        List<Double> seconds = new ArrayList<>();
        try {
            await(new Migrator(db.pool()).migrate(), 60_000);
            for (int run = 1; run <= runs; run++) {
                await(counter.query("TRUNCATE devices, device_events CASCADE").execute(), 60_000);
                EventIngest ingest = new EventIngest(db.connectOptions());
                String deployment = await(vertx.deployVerticle(ingest), 60_000);

                long at = System.currentTimeMillis();
                long start = System.nanoTime();
                for (int i = 0; i < events; i++) {
                    String id = String.format("3402000000132%07d", i + 1);
                    vertx.eventBus().publish(Addresses.DEVICE_ONLINE, new DeviceOnline(id, "gw-1", Transport.UDP,
                            "10.0." + (i / 250 % 250) + "." + (i % 250), 5060, "sip:" + id + "@10.0.0.1:5060",
                            3600, at, false));
                }
                double publishedS = (System.nanoTime() - start) / 1e9;
                long rows = 0;
                while (rows < events && System.nanoTime() - start < timeoutMs * 1_000_000) {
                    Thread.sleep(50);
                    rows = await(counter.query("SELECT count(*) FROM devices").execute(), 60_000)
                            .iterator().next().getLong(0);
                }
                double s = (System.nanoTime() - start) / 1e9;
                long history = await(counter.query("SELECT count(*) FROM device_events").execute(), 60_000)
                        .iterator().next().getLong(0);
                System.out.printf("run %d: %d/%d device rows in %.2f s (%.0f events/s; published in %.2f s;"
                                + " history rows %d; written %d, overflowed %d, rejected %d, retries %d)%n",
                        run, rows, events, s, rows / s, publishedS, history, ingest.written(),
                        ingest.overflowed(), ingest.rejected(), ingest.retries());
                seconds.add(rows < events ? Double.POSITIVE_INFINITY : s);
                await(vertx.undeploy(deployment), 60_000);
            }
        } finally {
            try {
                await(counter.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute(), 60_000);
            } finally {
                counter.close();
                db.close();
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        double[] sorted = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("median: %.2f s for %d events (runs: %s; target: under 10 s)%n",
                sorted[(sorted.length - 1) / 2], events, Arrays.toString(seconds.stream()
                        .map(v -> String.format("%.2f", v)).toArray()));
    }
}
