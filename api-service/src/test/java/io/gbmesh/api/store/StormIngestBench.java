package io.gbmesh.api.store;

import static io.gbmesh.testing.Await.await;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.Env;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
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
 * Ingest of a registration storm's device events, as the gateway publishes them: {@code DEVICES}
 * DeviceOnline events, then for each device its DeviceInfo and its complete catalog of
 * {@code CHANNELS} channels (3 events per device), written by {@link EventIngest} into PostgreSQL; the
 * time from the first publish until every device is online and until every catalog is stored
 * ({@code catalog_at} set). With {@code BUSY_MS} above 0 the one event loop of the Vert.x instance
 * (the ingest's verticle and its pool) is kept busy {@code BUSY_MS} ms out of every 10 ms, as a SIP
 * gateway answering a storm in the same JVM keeps it.
 *
 * <p>Runs in one non-clustered Vert.x with one event loop, the {@link Database} as the api-service
 * opens it (pool of {@code GB_PG_POOL_SIZE}, default 8), in a schema of its own
 * ({@code bench_storm_<pid>}) migrated at start, emptied between runs and dropped at the end; every
 * run stops by itself after {@code TIMEOUT_S} seconds.
 *
 * <p>env: {@code PG_URL} (postgresql://127.0.0.1:5432/test, user postgres), {@code DEVICES} (20000),
 * {@code CHANNELS} (2), {@code BUSY_MS} (0), {@code RUNS} (3), {@code TIMEOUT_S} (120).
 */
public final class StormIngestBench {
    private StormIngestBench() {
    }

    public static void main(String[] args) throws Exception {
        String url = System.getenv().getOrDefault("PG_URL", "postgresql://127.0.0.1:5432/test");
        int devices = Integer.parseInt(System.getenv().getOrDefault("DEVICES", "20000"));
        int channels = Integer.parseInt(System.getenv().getOrDefault("CHANNELS", "2"));
        long busyMs = Long.parseLong(System.getenv().getOrDefault("BUSY_MS", "0"));
        int runs = Integer.parseInt(System.getenv().getOrDefault("RUNS", "3"));
        long timeoutMs = Long.parseLong(System.getenv().getOrDefault("TIMEOUT_S", "120")) * 1000;
        String schema = "bench_storm_" + ProcessHandle.current().pid();

        Map<String, String> settings = new HashMap<>(System.getenv());
        settings.put("GB_PG_URL", url);
        settings.putIfAbsent("GB_PG_USER", "postgres");
        settings.put("GB_PG_SCHEMA", schema);

        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        MeshCodec.register(vertx.eventBus());
        Database db = await(Database.start(vertx, new Env(settings)), 60_000);
        // counting on a Vert.x of its own: the busy event loop does not delay the polls
        Vertx counting = Vertx.vertx();
        Pool counter = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
                .connectingTo(db.connectOptions()).using(counting).build();
        List<Double> online = new ArrayList<>();
        List<Double> catalogs = new ArrayList<>();
        try {
            await(new Migrator(db.pool()).migrate(), 60_000);
            for (int run = 1; run <= runs; run++) {
                await(counter.query("TRUNCATE devices, channels, device_events CASCADE").execute(), 60_000);
                EventIngest ingest = new EventIngest(db.connectOptions());
                String deployment = await(vertx.deployVerticle(ingest), 60_000);
                long busyTimer = busyMs <= 0 ? -1 : vertx.setPeriodic(10, id -> {
                    long until = System.nanoTime() + busyMs * 1_000_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                });

                long start = System.nanoTime();
                for (int i = 1; i <= devices; i++) {
                    vertx.eventBus().publish(Addresses.DEVICE_ONLINE, DeviceEvents.online(DeviceEvents.deviceId(i), DeviceEvents.T0));
                }
                for (int i = 1; i <= devices; i++) {
                    String id = DeviceEvents.deviceId(i);
                    vertx.eventBus().publish(Addresses.DEVICE_INFO, DeviceEvents.info(id, "Hikvision", DeviceEvents.T0 + 1));
                    List<io.gbmesh.contracts.Channel> list = new ArrayList<>(channels);
                    for (int c = 1; c <= channels; c++) {
                        list.add(DeviceEvents.channel(id.substring(0, 10) + "131" + id.substring(14) + c, "channel " + c, "ON"));
                    }
                    vertx.eventBus().publish(Addresses.DEVICE_CATALOG, DeviceEvents.catalog(id, true, DeviceEvents.T0 + 2, list, List.of()));
                }
                double onlineS = Double.POSITIVE_INFINITY;
                double catalogS = Double.POSITIVE_INFINITY;
                long[] counts = {0, 0};
                while (System.nanoTime() - start < timeoutMs * 1_000_000 && counts[1] < devices) {
                    Thread.sleep(50);
                    var row = await(counter.query("SELECT count(*) FILTER (WHERE online), count(*) FILTER (WHERE catalog_at IS NOT NULL)"
                            + " FROM devices").execute(), 60_000).iterator().next();
                    counts[0] = row.getLong(0);
                    counts[1] = row.getLong(1);
                    double s = (System.nanoTime() - start) / 1e9;
                    if (counts[0] >= devices && onlineS == Double.POSITIVE_INFINITY) {
                        onlineS = s;
                    }
                    if (counts[1] >= devices) {
                        catalogS = s;
                    }
                }
                if (busyTimer >= 0) {
                    vertx.cancelTimer(busyTimer);
                }
                System.out.printf("run %d: %d devices, all online in %.2f s, all catalogs in %.2f s (%.0f events/s;"
                                + " written %d, rejected %d, retries %d)%n", run, devices, onlineS, catalogS,
                        3.0 * devices / catalogS, ingest.written(), ingest.rejected(), ingest.retries());
                online.add(onlineS);
                catalogs.add(catalogS);
                await(vertx.undeploy(deployment), 60_000);
            }
        } finally {
            try {
                await(counter.query("DROP SCHEMA IF EXISTS " + schema + " CASCADE").execute(), 60_000);
            } finally {
                counter.close();
                db.close();
                vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
                counting.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            }
        }
        System.out.printf("median: all online %.2f s, all catalogs %.2f s for %d devices (busy %d ms/10 ms; runs: online %s, catalogs %s)%n",
                median(online), median(catalogs), devices, busyMs, fmt(online), fmt(catalogs));
    }

    private static double median(List<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return sorted[(sorted.length - 1) / 2];
    }

    private static String fmt(List<Double> values) {
        return Arrays.toString(values.stream().map(v -> String.format("%.2f", v)).toArray());
    }
}
