package io.gbmesh.api;

import io.gbmesh.api.auth.ApiTokens;
import io.gbmesh.api.http.AlarmRoutes;
import io.gbmesh.api.http.ApiMetrics;
import io.gbmesh.api.http.ApiRouter;
import io.gbmesh.api.http.ApiRoutes;
import io.gbmesh.api.http.ApiServices;
import io.gbmesh.api.http.ClusterRoutes;
import io.gbmesh.api.http.ControlRoutes;
import io.gbmesh.api.http.DeviceRoutes;
import io.gbmesh.api.http.LiveRegistry;
import io.gbmesh.api.http.SecurityRoutes;
import io.gbmesh.api.http.StaleOnlineSweep;
import io.gbmesh.api.http.TokenRoutes;
import io.gbmesh.api.store.Database;
import io.gbmesh.api.store.DeviceStore;
import io.gbmesh.api.store.EventIngest;
import io.gbmesh.api.store.Migrator;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.RegistryReader;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The api-service: the database (migrated at start), the ingest of the gateway's device events, and
 * the HTTP API on top of both. Its start completes when the schema is current, the event consumers
 * are registered and the HTTP port is bound; undeploying it closes the database.
 *
 * <p>Endpoint groups beyond devices and tokens (the streams) are added with {@link #withRoutes}
 * before deployment.
 */
public final class ApiVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
    private static final String OPENAPI_RESOURCE = "openapi/openapi.json";
    private static final int PASSWORD_SYNC_BATCH = 256;

    private final ApiConfig config;
    private final List<ApiRoutes> groups = new ArrayList<>(List.of(new DeviceRoutes(), new TokenRoutes(),
            new SecurityRoutes(), new ClusterRoutes(), new ControlRoutes(), new AlarmRoutes()));
    private Database database;
    private DeviceStore devices;
    private ApiTokens tokens;
    private ApiMetrics metrics;
    private EventIngest ingest;
    private String ingestDeployment;
    private HttpServer server;
    private long sweepTimer = -1;

    public ApiVerticle(ApiConfig config) {
        this.config = config;
    }

    /** Adds a group of {@code /api/v1} endpoints, mounted behind authentication beside the device and token groups. */
    public ApiVerticle withRoutes(ApiRoutes routes) {
        groups.add(routes);
        return this;
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        return Database.start(vertx, config.env()).compose(db -> {
            database = db;
            return started().recover(err -> db.close().transform(ignored -> Future.failedFuture(err)));
        });
    }

    private Future<?> started() {
        // a listing's total (a count over every matching device) is counted at most once per this time
        devices = new DeviceStore(database.pool(), config.env().getInt("GB_API_TOTAL_TTL_MS", 1000));
        tokens = new ApiTokens(database.pool(), config.tokenCacheMillis());
        Future<RegistryReader> registry = RegistryReader.open(vertx);
        Future<AsyncMap<String, String>> passwords = vertx.sharedData().getAsyncMap(ApiServices.DEVICE_PASSWORDS_MAP);
        Future<Buffer> openApi = vertx.fileSystem().readFile(OPENAPI_RESOURCE);
        return new Migrator(database.pool()).migrate()
                .compose(applied -> tokens.ensureAdminToken(config.adminToken()))
                .compose(created -> {
                    if (created != null && config.adminToken() == null) {
                        // Shown this once: only its hash is stored.
                        System.out.println("gbmesh: no API token existed; created admin token " + created);
                        LOG.warn("generated the first admin API token (printed on standard output; set GB_ADMIN_TOKEN to choose it)");
                    }
                    return Future.all(registry, passwords, openApi);
                })
                .compose(maps -> devices.hashPlainPasswords(config.sipRealm()))
                .compose(hashed -> devices.passwordHa1s().compose(known -> publishPasswords(passwords.result(), known)))
                .compose(v -> {
                    ingest = new EventIngest(database.connectOptions());
                    return vertx.deployVerticle(ingest);
                })
                .compose(id -> {
                    ingestDeployment = id;
                    metrics = ApiMetrics.of(vertx);
                    registerIngestMetrics();
                    LiveRegistry live = new LiveRegistry(registry.result());
                    ApiServices services = new ApiServices(vertx, config, database, devices, live, passwords.result(),
                            tokens, metrics);
                    startSweeping(new StaleOnlineSweep(vertx, devices, live, config.env().getInt("GB_API_STALE_GRACE_MS", 60_000)));
                    server = vertx.createHttpServer(new HttpServerOptions().setIdleTimeout(config.idleTimeoutSeconds())
                            .setIdleTimeoutUnit(TimeUnit.SECONDS));
                    return server.requestHandler(ApiRouter.create(vertx, services, openApi.result(), groups))
                            .listen(config.port(), config.host());
                })
                .onSuccess(s -> LOG.info("API listening on {}:{}", config.host(), s.actualPort()));
    }

    /**
     * Puts the stored device passwords (their HA1s) into the cluster map the gateways read: after a
     * restart of the whole cluster the map is empty, and the database is where passwords last.
     */
    private Future<Void> publishPasswords(AsyncMap<String, String> map, Map<String, String> known) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(known.entrySet());
        Future<Void> done = Future.succeededFuture();
        for (int from = 0; from < entries.size(); from += PASSWORD_SYNC_BATCH) {
            List<Map.Entry<String, String>> batch = entries.subList(from, Math.min(entries.size(), from + PASSWORD_SYNC_BATCH));
            done = done.compose(v -> Future.all(batch.stream().map(e -> map.put(e.getKey(), e.getValue())).toList())
                    .mapEmpty());
        }
        return done;
    }

    /**
     * Devices recorded online that the cluster registry does not hold go offline: once now (after a
     * restart of the whole mesh the registry is empty), then every {@code GB_API_STALE_SWEEP_MS}
     * (default 300000; 0: only at start).
     */
    private void startSweeping(StaleOnlineSweep sweep) {
        Runnable once = () -> sweep.run().onFailure(err -> LOG.warn("stale online sweep failed: {}", err.getMessage()));
        once.run();
        long every = config.env().getInt("GB_API_STALE_SWEEP_MS", 300_000);
        if (every > 0) {
            sweepTimer = vertx.setPeriodic(every, id -> once.run());
        }
    }

    private void registerIngestMetrics() {
        EventIngest in = ingest;
        metrics.gauge("gbmesh.api.ingest.pending", "device events received and not yet written", in::pending);
        metrics.functionCounter("gbmesh.api.ingest.written", "device events written to the database", in,
                EventIngest::written);
        metrics.functionCounter("gbmesh.api.ingest.overflowed", "device events dropped: the queue was full", in,
                EventIngest::overflowed);
        metrics.functionCounter("gbmesh.api.ingest.rejected", "device events the database refused", in,
                EventIngest::rejected);
        metrics.functionCounter("gbmesh.api.ingest.retries", "device event writes retried", in, EventIngest::retries);
        metrics.gauge("gbmesh.api.ingest.last.write.timestamp.seconds", "when the last batch of device events was written",
                () -> in.lastWrittenMillis() / 1000.0);
    }

    /** The port the API listens on (when configured as 0, the one chosen). */
    public int port() {
        return server.actualPort();
    }

    /** The registry {@code /metrics} exports: register counters here to publish them. */
    public ApiMetrics metrics() {
        return metrics;
    }

    /** The stored devices, for the MQTT endpoint's retained statuses of offline devices at its start. */
    public DeviceStore devices() {
        return devices;
    }

    /** The bearer tokens, for the MQTT endpoint's authentication ({@link ApiTokens#verify}). */
    public ApiTokens tokens() {
        return tokens;
    }

    @Override
    public Future<?> stop() {
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed
                .eventually(() -> ingestDeployment == null ? Future.succeededFuture()
                        : vertx.undeploy(ingestDeployment).otherwiseEmpty())
                .eventually(() -> {
                    if (metrics != null) {
                        metrics.close();
                    }
                    return database == null ? Future.succeededFuture() : database.close();
                });
    }
}
