package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.testing.Await;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A download through the whole api-service role (bearer tokens, problem documents, MQTT): started,
 * followed on {@code gb/downloads/{id}} by {@code mosquitto_sub} to its {@code done} event, its file
 * written under {@code GB_DATA_DIR/downloads} and fetched through the API's redirect.
 */
@Timeout(180)
class DownloadApiTest {
    private static final String TOKEN = "gbm_download-api-test-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(40)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aDownloadIsFollowedOverMqttToItsFileUnderTheDataDirectory() throws Exception {
        try (OneJvmMesh mesh = OneJvmMesh.withApi("downloads", 37200, 1, dir.resolve("data"), TOKEN)) {
            String api = "http://127.0.0.1:" + mesh.api.httpPort();
            SimulatedDevice device = mesh.device();
            String channel = device.channelIds().get(0);
            LocalDateTime now = LocalDateTime.now();
            HttpResponse<String> records = send(HttpRequest.newBuilder(URI.create(api + "/api/v1/devices/" + device.deviceId()
                    + "/channels/" + channel + "/records?start=" + now.minusHours(2).format(DownloadTest.SECONDS) + "&end="
                    + now.minusMinutes(30).format(DownloadTest.SECONDS))).GET());
            assertEquals(200, records.statusCode(), records.body());
            long start = new JsonObject(records.body()).getJsonArray("items").getJsonObject(0).getLong("startEpoch");

            List<String> lines = new CopyOnWriteArrayList<>();
            Process sub = new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p",
                    Integer.toString(mesh.api.mqttPort()), "-u", "test", "-P", TOKEN, "-t", "gb/downloads/#", "-v", "-d", "-q", "1",
                    "-W", "120").redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (Exception ended) {
                    // the process was stopped
                }
            });
            reader.setDaemon(true);
            reader.start();
            try {
                Await.eventually("mosquitto_sub subscribed: " + lines, Duration.ofSeconds(20),
                        () -> lines.stream().anyMatch(l -> l.contains("SUBACK")));
                HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(api + "/api/v1/devices/" + device.deviceId()
                        + "/channels/" + channel + "/downloads")).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("start", start).put("end", start + 16)
                                .put("speed", 12).encode())));
                assertEquals(400, bad.statusCode(), bad.body());
                assertTrue(bad.headers().firstValue("content-type").orElse("").contains("problem+json"));

                HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(api + "/api/v1/devices/" + device.deviceId()
                        + "/channels/" + channel + "/downloads")).header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("start", start).put("end", start + 16)
                                .put("speed", 8).encode())));
                assertEquals(201, started.statusCode(), started.body());
                String id = new JsonObject(started.body()).getString("downloadId");
                Await.eventually("the done event on MQTT: " + lines, Duration.ofSeconds(30),
                        () -> lines.stream().anyMatch(l -> l.startsWith("gb/downloads/" + id + " ")
                        && l.contains("\"state\":\"done\"")));
                JsonObject done = new JsonObject(send(HttpRequest.newBuilder(URI.create(api + "/api/v1/downloads/" + id)).GET()).body());
                assertEquals("done", done.getString("state"), done.encode());
                Path written = dir.resolve("data").resolve("downloads").resolve(id + ".mp4");
                assertTrue(Files.isRegularFile(written), written + " written");
                HttpResponse<byte[]> file = HTTP.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/downloads/" + id + "/file"))
                        .header("Authorization", "Bearer " + TOKEN).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, file.statusCode());
                assertEquals(Files.size(written), file.body().length);
                assertEquals(done.getLong("bytes"), file.body().length);
            } finally {
                sub.destroy();
            }
        }
    }
}
