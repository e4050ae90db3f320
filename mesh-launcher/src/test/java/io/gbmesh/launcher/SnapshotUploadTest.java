package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Device snapshots of GB/T 28181-2022 end to end (reference 4.8, 6.13): the API opens a session, the
 * gateway sends the simulated camera its SnapShotConfig, the camera uploads JPEGs of its capture to the
 * session's upload URL and sends UploadSnapShotFinished; the pictures are listed and served and decode at
 * the capture's size (704x576). The upload URL takes only its own token (403) and JPEGs (415) of at most
 * 4 MiB (413), raw or in a multipart form, by POST or PUT, up to the session's count (409); a notification
 * naming no session is answered and counted.
 */
class SnapshotUploadTest {
    private static final Pattern UPLOAD_URL = Pattern.compile("(http://[^/]+/api/v1/snapshot-uploads/)([^/]+)/([^/]+)");
    private static ControlMesh mesh;
    private static Path dataDir;
    private static byte[] jpeg;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("gbmesh-snapshots");
        mesh = new ControlMesh("snap", dataDir, 951);
        Path picture = dataDir.resolve("probe.jpg");
        run("ffmpeg", "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=1",
                "-frames:v", "1", picture.toString());
        jpeg = Files.readAllBytes(picture);
    }

    @AfterAll
    static void stop() throws Exception {
        mesh.close();
    }

    private static String snapshotsPath(SimulatedDevice d) {
        return "/devices/" + d.deviceId() + "/channels/" + d.channelIds().get(0) + "/snapshots";
    }

    @Test
    void theCameraUploadsThreePicturesThatAreListedAndDecodeAtTheCaptureSize() throws Exception {
        SimulatedDevice d = mesh.device(false);
        BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
        MqttClient mqtt = MqttClient.create(mesh.vertx, new MqttClientOptions().setClientId("snap-watch")
                .setUsername("app").setPassword(ControlMesh.ADMIN_TOKEN));
        mqtt.publishHandler(m -> events.add(m.payload().toJsonObject()));
        await(mqtt.connect(mesh.api.mqttPort(), "127.0.0.1"));
        await(mqtt.subscribe("gb/devices/" + d.deviceId() + "/snapshots", 1));
        int uploads = d.snapshots().uploadStatuses().size();
        int notifications = d.snapshots().finishedStatuses().size();
        try {
            ControlMesh.Response r = mesh.send("POST", snapshotsPath(d), "{\"count\":3,\"interval\":1}");

            assertEquals(202, r.status(), r.body());
            String session = r.json().getString("sessionId");
            assertEquals("OK", r.json().getString("deviceResult"));
            eventually("the session finished", Duration.ofSeconds(30), () -> finished(session));
            JsonObject state = mesh.send("GET", "/snapshot-sessions/" + session, null).json();
            assertEquals(3, state.getInteger("stored"), state.encode());
            assertEquals(3, state.getJsonArray("reportedFiles").size(), state.encode());
            List<Integer> answered = d.snapshots().uploadStatuses();
            assertEquals(List.of(201, 201, 201), answered.subList(uploads, answered.size()));
            List<Integer> notified = d.snapshots().finishedStatuses();
            assertEquals(List.of(200), notified.subList(notifications, notified.size()));

            JsonArray items = mesh.send("GET", snapshotsPath(d) + "?limit=10", null).json().getJsonArray("items");
            List<JsonObject> ours = items.stream().map(JsonObject.class::cast)
                    .filter(i -> session.equals(i.getString("sessionId"))).toList();
            assertEquals(3, ours.size(), items.encode());
            assertTrue(ours.get(0).getLong("snapshotId") > ours.get(2).getLong("snapshotId"), "newest first");
            for (JsonObject item : ours) {
                HttpResponse<byte[]> picture = get(item.getString("url"));
                assertEquals(200, picture.statusCode());
                assertEquals("image/jpeg", picture.headers().firstValue("content-type").orElse(""));
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(picture.body()));
                assertNotNull(image, "decodes as an image");
                assertEquals(704, image.getWidth());
                assertEquals(576, image.getHeight());
                assertEquals(item.getInteger("sizeBytes"), picture.body().length);
            }
            JsonObject event = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(event, "the finished session on MQTT");
            assertEquals(session, event.getString("sessionId"));
            assertEquals("finished", event.getString("state"));
            assertEquals(3, event.getInteger("stored"));
            // one page of two, then the rest
            JsonObject page = mesh.send("GET", snapshotsPath(d) + "?limit=2", null).json();
            assertEquals(2, page.getJsonArray("items").size());
            JsonObject rest = mesh.send("GET", snapshotsPath(d) + "?limit=2&after=" + page.getString("next"), null).json();
            assertTrue(rest.getJsonArray("items").getJsonObject(0).getLong("snapshotId")
                    < page.getJsonArray("items").getJsonObject(1).getLong("snapshotId"));
        } finally {
            await(mqtt.disconnect());
        }
    }

    @Test
    void theUploadUrlTakesOnlyItsTokenAndJpegsUpToTheCount() throws Exception {
        SimulatedDevice d = mesh.device(true);
        d.snapshots().hold(true); // answers OK and uploads nothing: the test uploads instead
        try {
            ControlMesh.Response r = mesh.send("POST", snapshotsPath(d), "{\"count\":2,\"interval\":1}");
            assertEquals(202, r.status(), r.body());
            String session = r.json().getString("sessionId");
            Matcher url = UPLOAD_URL.matcher(d.snapshots().lastUploadUrl());
            assertTrue(url.matches(), d.snapshots().lastUploadUrl());
            assertEquals(session, url.group(2));
            String own = d.snapshots().lastUploadUrl();
            String forged = url.group(1) + session + "/" + "A".repeat(url.group(3).length());
            double refusedTokens = metric("gbmesh_api_snapshots_uploads_rejected_token_total");

            assertEquals(403, upload("POST", forged, "image/jpeg", jpeg).statusCode(), "another token");
            assertEquals(403, upload("POST", url.group(1) + "0123456789abcdef0123456789abcdef/" + url.group(3), "image/jpeg", jpeg)
                    .statusCode(), "another session");
            assertEquals(refusedTokens + 2, metric("gbmesh_api_snapshots_uploads_rejected_token_total"));
            assertEquals(0, stored(d, session), "nothing stored");
            assertEquals(0, filesUnder(dataDir.resolve("snapshots").resolve(d.deviceId())), "nothing written");

            assertEquals(415, upload("POST", own, "text/plain", "not a picture".getBytes(StandardCharsets.UTF_8)).statusCode());
            assertEquals(415, upload("POST", own, "multipart/form-data; boundary=xx", multipart("xx", "a.txt", "text/plain",
                    "hello".getBytes(StandardCharsets.UTF_8))).statusCode());
            assertEquals(0, stored(d, session));

            byte[] huge = new byte[4 * 1024 * 1024 + 1];
            System.arraycopy(jpeg, 0, huge, 0, jpeg.length);
            double refusedSize = metric("gbmesh_api_snapshots_uploads_rejected_size_total");
            assertEquals(413, upload("POST", own, "image/jpeg", huge).statusCode(), "over GB_SNAPSHOT_MAX_BYTES");
            assertEquals(refusedSize + 1, metric("gbmesh_api_snapshots_uploads_rejected_size_total"));
            assertEquals(0, stored(d, session));

            assertEquals(201, upload("PUT", own, "image/jpeg", jpeg).statusCode(), "a raw JPEG by PUT");
            assertEquals(201, upload("POST", own, "multipart/form-data; boundary=b0", multipart("b0",
                    "34020000001310000001022025081815045400007.jpg", "application/octet-stream", jpeg)).statusCode(),
                    "a JPEG in a form, whatever its part's type");
            assertEquals(409, upload("POST", own, "image/jpeg", jpeg).statusCode(), "a third picture of two");
            assertEquals(2, stored(d, session));
            assertEquals(2, filesUnder(dataDir.resolve("snapshots").resolve(d.deviceId())));
        } finally {
            d.snapshots().hold(false);
        }
    }

    @Test
    void aDeviceThatRefusesTheConfigIsA502() throws Exception {
        SimulatedDevice d = mesh.device(true);
        d.snapshots().refuse(true);
        try {
            ControlMesh.Response r = mesh.send("POST", snapshotsPath(d), "{\"count\":1}");
            assertEquals(502, r.status(), r.body());
        } finally {
            d.snapshots().refuse(false);
        }
    }

    @Test
    void badCountsAreRefusedBeforeTheDeviceIsAsked() throws Exception {
        SimulatedDevice d = mesh.device(false);
        int configs = d.snapshots().configsReceived();
        assertEquals(400, mesh.send("POST", snapshotsPath(d), "{\"count\":11}").status());
        assertEquals(400, mesh.send("POST", snapshotsPath(d), "{\"count\":1,\"interval\":0}").status());
        assertEquals(configs, d.snapshots().configsReceived());
    }

    @Test
    void uploadFinishedForAnUnknownSessionIsAnsweredAndCounted() throws Exception {
        SimulatedDevice d = mesh.device(false);
        double unknown = metric("gbmesh_api_snapshots_finished_unknown_total");

        int status = await(d.snapshots().finish(d.channelIds().get(0), "0123456789abcdef0123456789abcdef",
                List.of("34020000001310000001022025081815045400000")));

        assertEquals(200, status);
        eventually("the unknown session counted", Duration.ofSeconds(10), () -> {
            try {
                return metric("gbmesh_api_snapshots_finished_unknown_total") == unknown + 1;
            } catch (Exception e) {
                return false;
            }
        });
        assertEquals(200, mesh.send("GET", "/devices/" + d.deviceId(), null).status(), "the service still answers");
    }

    private static boolean finished(String session) {
        try {
            return "finished".equals(mesh.send("GET", "/snapshot-sessions/" + session, null).json().getString("state"));
        } catch (Exception e) {
            return false;
        }
    }

    private static int stored(SimulatedDevice d, String session) throws Exception {
        return mesh.send("GET", "/snapshot-sessions/" + session, null).json().getInteger("stored");
    }

    private static long filesUnder(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static byte[] multipart(String boundary, String fileName, String type, byte[] content) {
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"SessionID\"\r\n\r\nx\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"\r\nContent-Type: " + type
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] all = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(content, 0, all, head.length, content.length);
        System.arraycopy(tail, 0, all, head.length + content.length, tail.length);
        return all;
    }

    private static HttpResponse<String> upload(String method, String url, String type, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).header("Content-Type", type)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mesh.api.httpPort() + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + ControlMesh.ADMIN_TOKEN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static double metric(String name) throws Exception {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + mesh.api.httpPort() + "/metrics"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new AssertionError("no metric " + name);
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", command) + ": " + out);
    }
}
