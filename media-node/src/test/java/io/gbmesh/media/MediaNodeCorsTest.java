package io.gbmesh.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.media.testing.NodeHarness;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A page on another origin (the API's console) may fetch the node's HTTP-FLV. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MediaNodeCorsTest {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private NodeHarness h;

    @BeforeEach
    void start() throws Exception {
        h = NodeHarness.start();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    @Test
    void aPreflightForTheLivePathIsAllowedFromAnyOrigin() throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(h.apiUrl("/live/any-stream.flv")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://console.example:8080")
                .header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "range")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, r.statusCode());
        assertEquals("*", r.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(r.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("GET"));
        assertEquals("range", r.headers().firstValue("Access-Control-Allow-Headers").orElse(null));
    }
}
