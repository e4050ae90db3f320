package io.gbmesh.launcher;

import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Seek latency of a playback (bench/seek-latency.sh): a simulated camera's recording played back over
 * UDP and watched as HTTP-FLV; each seek is {@code POST /api/v1/streams/{id}/control} to a random
 * position, timed from the call to the first key frame at the viewer after the camera took the seek
 * (the camera replays from the key frame before the position). Prints each run's median and max and
 * the pooled median.
 *
 * <p>args: seeks per run (10), runs (3)
 */
public final class SeekLatencyBench {
    private SeekLatencyBench() {
    }

    public static void main(String[] args) throws Exception {
        int seeks = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<Long> all = new ArrayList<>();
        int failures = 0;
        try (RecordingMesh mesh = new RecordingMesh(SipTransport.UDP, 41)) {
            String api = "http://127.0.0.1:" + mesh.apiPort + "/api/v1";
            LocalDateTime now = LocalDateTime.now().withNano(0);
            String records = http.send(HttpRequest.newBuilder(URI.create(api + "/devices/" + mesh.deviceId + "/channels/"
                    + mesh.channelId + "/records?start=" + now.minusHours(2) + "&end=" + now.minusMinutes(30))).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            long start = new JsonObject(records).getJsonArray("items").getJsonObject(0).getLong("startEpoch");
            JsonObject answer = new JsonObject(http.send(HttpRequest.newBuilder(URI.create(api + "/devices/" + mesh.deviceId
                    + "/channels/" + mesh.channelId + "/playback")).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("start", start).put("end", start + 600)
                            .put("transport", "udp").encode())).build(), HttpResponse.BodyHandlers.ofString()).body());
            String streamId = answer.getString("streamId");
            HttpResponse<InputStream> viewer = http.send(HttpRequest.newBuilder(URI.create(answer.getJsonObject("urls")
                    .getString("flv"))).build(), HttpResponse.BodyHandlers.ofInputStream());
            Random random = new Random(42);
            try (FlvTags flv = new FlvTags(viewer.body(), new ByteArrayOutputStream() {
                @Override
                public synchronized void write(byte[] b, int off, int len) {
                    // the bench looks at the tags only
                }
            })) {
                Thread.sleep(3000);
                for (int run = 1; run <= runs; run++) {
                    List<Long> times = new ArrayList<>();
                    for (int i = 0; i < seeks; i++) {
                        double position = 10 + random.nextInt(580);
                        long t0 = System.currentTimeMillis();
                        int status = http.send(HttpRequest.newBuilder(URI.create(api + "/streams/" + streamId + "/control"))
                                .header("content-type", "application/json").timeout(Duration.ofSeconds(10))
                                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("action", "seek")
                                        .put("position", position).encode())).build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        long acked = System.currentTimeMillis();
                        long seen = -1;
                        while (status == 200 && System.currentTimeMillis() - t0 < 5000 && seen < 0) {
                            seen = flv.since(acked).stream().filter(FlvTags.Tag::keyFrame).mapToLong(FlvTags.Tag::arrivedMillis)
                                    .findFirst().orElse(-1);
                            Thread.sleep(2);
                        }
                        if (seen < 0) {
                            failures++;
                        } else {
                            times.add(seen - t0);
                        }
                        Thread.sleep(1500);
                    }
                    Collections.sort(times);
                    all.addAll(times);
                    System.out.printf("run %d: %d seeks, median %d ms, max %d ms, failed %d%n", run, times.size(),
                            times.isEmpty() ? -1 : times.get(times.size() / 2), times.isEmpty() ? -1 : times.get(times.size() - 1),
                            seeks - times.size());
                }
            }
        }
        Collections.sort(all);
        System.out.printf("pooled: %d seeks, median %d ms, p90 %d ms, failures %d%n", all.size(),
                all.isEmpty() ? -1 : all.get(all.size() / 2), all.isEmpty() ? -1 : all.get((int) (all.size() * 0.9)), failures);
        System.exit(0);
    }
}
