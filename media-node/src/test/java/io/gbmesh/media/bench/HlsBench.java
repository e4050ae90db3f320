package io.gbmesh.media.bench;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.DeviceReplay;
import io.gbmesh.media.testing.Hls;
import io.gbmesh.media.testing.NodeHarness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * HLS start-up on a media node in this JVM: for each run a new stream gets the real camera capture
 * (704x576 H.264, a key frame a second) over UDP in real time; once it has started and run for 1 to 2 s
 * (a random point in its group of pictures), the playlist is asked for the first time, and the time
 * until an answer that lists a segment is taken. Prints each run and the median.
 *
 * <pre>HlsBench &lt;runs&gt;</pre>
 */
public final class HlsBench {

    private HlsBench() {
    }

    public static void main(String[] args) throws Exception {
        int runs = Integer.parseInt(args[0]);
        List<Long> millis = new ArrayList<>();
        int failed = 0;
        try (NodeHarness h = NodeHarness.start()) {
            for (int i = 0; i < runs + 2; i++) {
                String id = "hls-bench-" + i;
                String ssrc = String.format("01%08d", 500 + i);
                StreamEndpoint ep = h.open(id, MediaTransport.UDP, ssrc, false);
                DeviceReplay.udp(ep.host(), ep.port(), Capture.rtp(Long.parseLong(ssrc), 6), 1);
                NodeHarness.next(h.started, StreamStarted.class, 5000);
                Thread.sleep(1000 + ThreadLocalRandom.current().nextInt(1000));
                long t0 = System.nanoTime();
                Hls.Answer a = Hls.get(h.hlsUrl(id));
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                boolean ok = a.status() == 200 && Hls.segments(a.text()) > 0;
                h.close(id);
                if (i < 2) {
                    continue; // warm-up: the first requests load classes
                }
                System.out.printf("run=%d first_playlist_with_segment_ms=%d ok=%s%n", i - 1, ms, ok);
                if (ok) {
                    millis.add(ms);
                } else {
                    failed++;
                }
            }
        }
        millis.sort(null);
        System.out.printf("runs=%d failed=%d median_ms=%d min_ms=%d max_ms=%d%n", runs, failed,
                millis.isEmpty() ? -1 : millis.get(millis.size() / 2), millis.isEmpty() ? -1 : millis.get(0),
                millis.isEmpty() ? -1 : millis.get(millis.size() - 1));
        System.exit(0);
    }
}
