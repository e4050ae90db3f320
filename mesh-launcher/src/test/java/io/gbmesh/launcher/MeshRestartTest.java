package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.testing.Await;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole mesh stops while its cameras are online and starts again on the same data directory
 * (embedded PostgreSQL) with no camera running: the API still lists every device with its channels
 * and history, and shows them offline — the cluster registry no longer holds them — until they come
 * back.
 */
@Timeout(180)
class MeshRestartTest {
    private static final String TOKEN = "gbm_restart-test-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    @Test
    void afterAFullRestartTheDevicesAreStillListedAndOfflineUntilTheyComeBack() throws Exception {
        List<String> devices;
        OneJvmMesh first = OneJvmMesh.withApi("restart1", 38000, 2, dir.resolve("data"), TOKEN);
        try {
            String api = "http://127.0.0.1:" + first.api.httpPort();
            devices = List.of(first.camera.device(0).deviceId(), first.camera.device(1).deviceId());
            eventually("both cameras online with their channels", Duration.ofSeconds(30), () -> devices.stream().allMatch(id -> {
                JsonObject d = get(api + "/api/v1/devices/" + id);
                return d != null && Boolean.TRUE.equals(d.getBoolean("online")) && d.getInteger("channelsKnown", 0) > 0;
            }));
        } finally {
            // the whole mesh goes away at once: no unregistration, no offline event
            Await.await(first.vertx.close());
        }

        try (OneJvmMesh second = OneJvmMesh.withApi("restart2", 38000, 0, dir.resolve("data"), TOKEN)) {
            String api = "http://127.0.0.1:" + second.api.httpPort();
            JsonArray listed = get(api + "/api/v1/devices?limit=10").getJsonArray("items");
            assertEquals(2, listed.size(), listed.encode());
            for (String id : devices) {
                assertFalse(get(api + "/api/v1/devices/" + id + "/channels").getJsonArray("items").isEmpty(),
                        "channels of " + id + " kept");
                eventually(id + " offline until it comes back", Duration.ofSeconds(30),
                        () -> Boolean.FALSE.equals(get(api + "/api/v1/devices/" + id).getBoolean("online")));
                JsonArray history = get(api + "/api/v1/devices/" + id + "/history").getJsonArray("items");
                assertEquals("OFFLINE", history.getJsonObject(0).getString("kind"));
                assertEquals("NOT_IN_REGISTRY", history.getJsonObject(0).getString("reason"));
                assertEquals("ONLINE", history.getJsonObject(1).getString("kind"));
            }
            assertTrue(get(api + "/api/v1/devices?online=true").getJsonArray("items").isEmpty());
        }
    }

    private static JsonObject get(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonObject(r.body()) : null;
        } catch (Exception e) {
            return null;
        }
    }
}
