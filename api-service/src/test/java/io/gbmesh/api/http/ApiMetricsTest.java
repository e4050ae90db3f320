package io.gbmesh.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The HTTP metrics are labelled by the matched route's template: invented paths cannot add series. */
class ApiMetricsTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.start("apimetrics");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    /** The label sets of the request timer's series on {@code /metrics}. */
    private static Set<String> requestSeries() {
        TestApi.Response r = api.send("GET", "/metrics", null, null);
        assertEquals(200, r.status());
        return r.body().lines().filter(l -> l.startsWith("gbmesh_api_http_requests_seconds_count{"))
                .map(l -> l.substring(0, l.indexOf('}') + 1)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String randomSegment(Random random) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    @Test
    void aMatchedRouteIsLabelledByItsTemplate() {
        assertEquals(200, api.get("/api/v1/devices").status());
        long id = api.send("POST", "/api/v1/tokens", "{\"name\":\"metrics\"}", TestApi.ADMIN).json().getLong("id");
        assertEquals(204, api.send("DELETE", "/api/v1/tokens/" + id, null, TestApi.ADMIN).status());

        Set<String> series = requestSeries();
        assertTrue(series.contains("gbmesh_api_http_requests_seconds_count{method=\"GET\",route=\"/api/v1/devices\",status=\"200\"}"), series.toString());
        assertTrue(series.contains("gbmesh_api_http_requests_seconds_count{method=\"DELETE\",route=\"/api/v1/tokens/:tokenId\",status=\"204\"}"),
                series.toString());
        assertTrue(series.stream().noneMatch(s -> s.contains("/tokens/" + id)), series.toString());
    }

    @Test
    void aThousandRandomPathsAddABoundedSetOfSeries() {
        api.get("/api/v1/devices");
        requestSeries();
        Set<String> before = requestSeries();
        Random random = new Random(2818);

        for (int i = 0; i < 1000; i++) {
            String segment = randomSegment(random);
            String path = switch (i % 4) {
                case 0 -> "/" + segment;
                case 1 -> "/api/v1/" + segment;
                case 2 -> "/api/v1/devices/" + segment + "/" + randomSegment(random);
                default -> "/console/" + segment;
            };
            api.send(i % 8 < 4 ? "GET" : "POST", path, null, i % 3 == 0 ? null : TestApi.ADMIN);
        }

        Set<String> added = new TreeSet<>(requestSeries());
        added.removeAll(before);
        // at most one series per method and refusal status, all labelled other
        assertTrue(added.size() <= 8, added.toString());
        assertTrue(added.stream().allMatch(s -> s.contains("route=\"other\"")), added.toString());
    }

    @Test
    void labelsComeFromTemplatesAndRefusedRequestsAreOther() {
        assertEquals("/api/v1/devices/:deviceId", ApiMetrics.route("/api/v1/devices/:deviceId", 200));
        assertEquals("/api/v1/devices/:deviceId", ApiMetrics.route("/api/v1/devices/:deviceId", 500));
        assertEquals("other", ApiMetrics.route(null, 200));
        assertEquals("other", ApiMetrics.route("/api/v1/devices/:deviceId", 404));
    }
}
