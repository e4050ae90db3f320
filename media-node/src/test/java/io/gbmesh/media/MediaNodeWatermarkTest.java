package io.gbmesh.media;

import static io.gbmesh.media.testing.NodeHarness.next;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.testing.FreePorts;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A push with a text watermark: the same stream is pushed with and without it to two listening ffmpeg
 * receivers, and the same received picture of both, decoded, differs where the text is and hardly
 * anywhere else.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class MediaNodeWatermarkTest extends NodeTest {
    private static final String SSRC = "0100000031";
    private static final int W = 704;
    private static final int H = 576;
    @TempDir
    Path dir;

    private int post(String streamId, JsonObject body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(h.apiUrl("/api/streams/" + streamId + "/pushes")))
                .header("Authorization", "Bearer " + h.apiToken()).POST(HttpRequest.BodyPublishers.ofString(body.encode()))
                .build(), HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    private Process receiver(String url, Path file) throws Exception {
        return new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-listen", "1", "-timeout", "30", "-i", url, "-c", "copy",
                "-t", "3", file.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rx.log").toFile())).start();
    }

    /** The luminance of picture {@code n} of a received file. */
    private byte[] picture(Path file, int n) throws Exception {
        Path gray = dir.resolve(file.getFileName() + ".gray");
        Process p = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-i", file.toString(), "-vf", "select=eq(n\\," + n + ")",
                "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", gray.toString()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        byte[] bytes = Files.readAllBytes(gray);
        assertEquals(W * H, bytes.length, new String(p.getInputStream().readAllBytes()));
        return bytes;
    }

    private static double meanDifference(byte[] a, byte[] b, int x0, int y0, int x1, int y1) {
        long sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += Math.abs((a[y * W + x] & 0xFF) - (b[y * W + x] & 0xFF));
            }
        }
        return (double) sum / ((x1 - x0) * (y1 - y0));
    }

    @Test
    void the_watermarked_push_differs_from_the_plain_one_where_the_text_is() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg (Debian package ffmpeg) is not installed");
        h = NodeHarness.start();
        StreamEndpoint ep = h.open("wm", MediaTransport.UDP, SSRC, false);
        DeviceReplay.udp(ep.host(), ep.port(), Capture.H264.packets(Long.parseLong(SSRC), 20, 1000), 1.0);
        next(h.started, StreamStarted.class, 5000);
        int plainPort = FreePorts.tcpAndUdp();
        int markedPort = FreePorts.tcpAndUdp();
        String plainUrl = "rtmp://127.0.0.1:" + plainPort + "/live/plain";
        String markedUrl = "rtmp://127.0.0.1:" + markedPort + "/live/marked";
        Path plain = dir.resolve("plain.flv");
        Path marked = dir.resolve("marked.flv");
        List<Process> receivers = List.of(receiver(plainUrl, plain), receiver(markedUrl, marked));
        // the receivers listen (a refused first connection would wait for the next key frame)
        io.gbmesh.testing.Listening.awaitTcp(plainPort, 10_000);
        io.gbmesh.testing.Listening.awaitTcp(markedPort, 10_000);
        assertEquals(400, post("wm", new JsonObject().put("url", markedUrl).put("watermark", new JsonObject())));
        assertEquals(400, post("wm", new JsonObject().put("url", markedUrl).put("watermark",
                new JsonObject().put("text", "x").put("image", "not base64!"))));
        // both asked together: they start at the same key frame, so picture n is the same source picture in both
        assertEquals(201, post("wm", new JsonObject().put("url", plainUrl)));
        assertEquals(201, post("wm", new JsonObject().put("url", markedUrl).put("watermark", new JsonObject()
                .put("text", "GBMESH {time}").put("x", 16).put("y", 16).put("fontSize", 40))));
        for (Process p : receivers) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "a receiver did not finish");
        }
        byte[] a = picture(plain, 30);
        byte[] b = picture(marked, 30);
        double text = meanDifference(a, b, 20, 20, 300, 56);
        double elsewhere = meanDifference(a, b, 300, 350, 680, 560);
        assertTrue(text > 25, "where the text is: " + text);
        assertTrue(elsewhere < 8, "elsewhere: " + elsewhere);
        JsonObject pushes = h.streams().getJsonArray("streams").getJsonObject(0);
        assertTrue(pushes.getJsonArray("pushes").stream().anyMatch(o -> ((JsonObject) o).getBoolean("watermark")), pushes.encode());
    }
}
