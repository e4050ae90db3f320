package io.gbmesh.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The endpoints open without a token: health, readiness, metrics, the documentation, the web console's pages. */
class OperationsTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.start("ops");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static TestApi.Response open(String path) {
        return api.send("GET", path, null, null);
    }

    @Test
    void healthAndReadinessAreOpen() {
        assertEquals(new JsonObject().put("status", "UP"), open("/health").json());
        TestApi.Response ready = open("/ready");
        assertEquals(200, ready.status());
        assertEquals("UP", ready.json().getString("database"));
        assertEquals("LOCAL", ready.json().getString("cluster"));
    }

    @Test
    void metricsAreInThePrometheusTextFormat() {
        api.get("/api/v1/devices");
        api.send("GET", "/api/v1/devices/34020000001320000001", null, "gbm_wrong");
        TestApi.Response r = open("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.header("content-type").startsWith("text/plain"), r.header("content-type"));
        String text = r.body();
        assertTrue(text.contains("# TYPE gbmesh_api_http_requests_seconds summary"), text);
        assertTrue(text.contains("gbmesh_api_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/devices\",status=\"200\"}"), text);
        assertTrue(text.contains("route=\"other\",status=\"401\""), "refused requests do not name their path");
        assertTrue(text.contains("gbmesh_api_ingest_written_total"), text);
        assertTrue(text.contains("jvm_memory_used_bytes"), text);
    }

    @Test
    void theDocumentationPageLoadsTheDocument() {
        TestApi.Response page = open("/api/docs/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("/api/v1/openapi.json"));
        assertEquals(200, open("/api/docs/swagger-ui-bundle.js").status());
        assertEquals(200, open("/api/docs/swagger-ui.css").status());
    }

    @Test
    void theRootAndTheBareConsolePathLeadToTheConsole() {
        for (String path : new String[] {"/", "/console"}) {
            TestApi.Response r = open(path);
            assertEquals(302, r.status(), path);
            assertEquals("/console/", r.header("location"), path);
        }
    }

    @Test
    void theConsolePageLoadsItsScriptAndThePlayer() {
        TestApi.Response page = open("/console/");
        assertEquals(200, page.status());
        assertTrue(page.header("content-type").startsWith("text/html"), page.header("content-type"));
        for (String src : new String[] {"console.js", "control.js", "alarms.js", "vendor/mpegts.js/mpegts.js"}) {
            assertTrue(page.body().contains("src=\"" + src + "\""), src + " in " + page.body());
        }
        for (String script : new String[] {"/console/console.js", "/console/control.js", "/console/alarms.js",
                "/console/vendor/mpegts.js/mpegts.js"}) {
            TestApi.Response r = open(script);
            assertEquals(200, r.status(), script);
            assertTrue(r.header("content-type").contains("javascript"), script + ": " + r.header("content-type"));
        }
        assertEquals(200, open("/console/vendor/mpegts.js/LICENSE").status(), "the player's licence is served beside it");
        assertEquals(404, open("/console/nothing-here.js").status());
    }

    @Test
    void withVertxMetricsEnabledTheServersOwnMetricsAreExportedToo() {
        Vertx measured = Vertx.builder().with(new VertxOptions().setMetricsOptions(ApiMetrics.vertxOptions())).build();
        try (TestApi withMetrics = TestApi.start(measured, "opsmetrics", Map.of())) {
            assertTrue(withMetrics.verticle().metrics().vertxMetrics());
            withMetrics.get("/api/v1/devices");
            String text = withMetrics.send("GET", "/metrics", null, null).body();
            assertTrue(text.contains("vertx_http_server_requests_total"), text);
            assertTrue(text.contains("gbmesh_api_http_requests_seconds_count"), text);
        }
    }
}
