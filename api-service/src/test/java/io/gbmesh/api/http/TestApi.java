package io.gbmesh.api.http;

import static io.gbmesh.api.store.TestPostgres.await;

import io.gbmesh.api.ApiConfig;
import io.gbmesh.api.ApiVerticle;
import io.gbmesh.api.store.Database;
import io.gbmesh.api.store.TestPostgres;
import io.gbmesh.api.streams.StreamApiRoutes;
import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.runtime.Env;
import io.gbmesh.testing.Await;
import io.micrometer.core.instrument.FunctionCounter;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The API service deployed on a fresh schema of the test PostgreSQL, and a blocking HTTP client for it.
 * The admin token is {@link #ADMIN}; device queries time out after a few hundred milliseconds.
 */
final class TestApi implements AutoCloseable {
    static final String ADMIN = "gbm_test-admin-0123456789abcdef";

    final Vertx vertx;
    final Map<String, String> env;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ApiVerticle verticle;
    private boolean withStreams;
    private String deployment;

    record Response(int status, HttpResponse<String> raw) {
        JsonObject json() {
            return new JsonObject(raw.body());
        }

        String body() {
            return raw.body();
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private TestApi(Vertx vertx, Map<String, String> env) {
        this.vertx = vertx;
        this.env = env;
    }

    static TestApi start(String prefix) {
        return start(Vertx.vertx(), prefix, Map.of());
    }

    static TestApi start(Vertx vertx, String prefix, Map<String, String> extra) {
        TestApi api = create(vertx, prefix, extra);
        api.deploy();
        return api;
    }

    private static TestApi create(Vertx vertx, String prefix, Map<String, String> extra) {
        Map<String, String> env = TestPostgres.freshSchemaSettings(prefix);
        env.put("GB_HTTP_HOST", "127.0.0.1");
        env.put("GB_HTTP_PORT", "0");
        env.put("GB_ADMIN_TOKEN", ADMIN);
        env.put("GB_QUERY_TIMEOUT_MS", "300");
        env.put("GB_CATALOG_TIMEOUT_MS", "0");
        env.put("GB_PG_POOL_SIZE", "4");
        env.put("GB_MEDIA_URL_SECRET", "api-tests-media-url-secret");
        env.putAll(extra);
        return new TestApi(vertx, env);
    }

    void deploy() {
        verticle = new ApiVerticle(ApiConfig.fromEnv(new Env(env)));
        if (withStreams) {
            verticle.withRoutes(await(StreamApiRoutes.start(vertx, StreamOrchestrator.StreamSettings.fromEnv(new Env(env)))));
            verticle.withRoutes(new io.gbmesh.api.snapshots.SnapshotRoutes(io.gbmesh.api.snapshots.SnapshotSettings.fromEnv(new Env(env))));
        }
        deployment = await(vertx.deployVerticle(verticle));
    }

    /** The service with its live-video endpoints too (an orchestrator; no media node or gateway runs). */
    static TestApi startWithStreams(String prefix) {
        TestApi api = create(Vertx.vertx(), prefix, Map.of());
        api.withStreams = true;
        api.deploy();
        return api;
    }

    /** Stops the service and starts it again on the same database. */
    void restart() {
        await(vertx.undeploy(deployment));
        deploy();
    }

    ApiVerticle verticle() {
        return verticle;
    }

    /** Device events the ingest has written so far. */
    double eventsWritten() {
        FunctionCounter c = verticle.metrics().registry().find("gbmesh.api.ingest.written").functionCounter();
        return c == null ? 0 : c.count();
    }

    Response get(String path) {
        return send("GET", path, null, ADMIN);
    }

    Response send(String method, String path, String body, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + verticle.port() + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r);
        } catch (Exception e) {
            throw new RuntimeException(method + " " + path, e);
        }
    }

    /** Polls {@code condition} for up to 30 s. */
    static void eventually(BooleanSupplier condition, String what) {
        Await.eventually(what, Duration.ofSeconds(30), condition);
    }

    /** Undeploys the service, drops its schema and closes Vert.x. */
    @Override
    public void close() {
        try {
            if (deployment != null && vertx.deploymentIDs().contains(deployment)) {
                await(vertx.undeploy(deployment));
            }
            Database db = await(Database.start(vertx, new Env(env)));
            TestPostgres.drop(db);
        } finally {
            await(vertx.close());
        }
    }
}
