package io.gbmesh.launcher;

import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test class's {@link RecordingMesh} (a camera registered over UDP) and the HTTP calls its tests make
 * to the API; register it with {@code @RegisterExtension} on a static field. The mesh starts before
 * the class's tests, the camera's streams are stopped after each test, and the mesh is closed (its
 * download directory deleted) after them all.
 */
final class RecordingApi implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {
    private final int serial;
    private final int rtpPorts;
    private final boolean downloads;
    private final HttpClient http;
    private RecordingMesh mesh;
    private Path downloadDir;

    private RecordingApi(int serial, int rtpPorts, boolean downloads, HttpClient.Redirect redirect) {
        this.serial = serial;
        this.rtpPorts = rtpPorts;
        this.downloads = downloads;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(redirect)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** Recordings listed and played back: the node has two RTP ports; redirects are not followed. */
    static RecordingApi playback(int serial) {
        return new RecordingApi(serial, 2, false, HttpClient.Redirect.NEVER);
    }

    /**
     * Downloads too: written under a directory of its own, the node having {@code rtpPorts} ports;
     * redirects are followed (a download's file is served through one).
     */
    static RecordingApi downloads(int serial, int rtpPorts) {
        return new RecordingApi(serial, rtpPorts, true, HttpClient.Redirect.NORMAL);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (downloads) {
            downloadDir = Files.createTempDirectory("gbmesh-downloads-");
            mesh = new RecordingMesh(SipTransport.UDP, serial, downloadDir, rtpPorts);
        } else {
            mesh = new RecordingMesh(SipTransport.UDP, serial);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        send(HttpRequest.newBuilder(uri("/api/v1/devices/" + deviceId() + "/streams")).DELETE());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (mesh != null) {
            mesh.close();
        }
        if (downloadDir != null) {
            try (Stream<Path> files = Files.walk(downloadDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(RecordingApi::delete);
            }
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SimulatedDevice device() {
        return mesh.device;
    }

    String deviceId() {
        return mesh.deviceId;
    }

    String channelId() {
        return mesh.channelId;
    }

    HttpClient http() {
        return http;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + mesh.apiPort + path);
    }

    /** The request, within 40 s, its body as text. */
    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, JsonObject body) throws Exception {
        return send(HttpRequest.newBuilder(uri(path)).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.encode())));
    }
}
