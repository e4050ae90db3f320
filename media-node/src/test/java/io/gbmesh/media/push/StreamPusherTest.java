package io.gbmesh.media.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.ps.PsDemuxer;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pushing to a real RTMP receiver (ffmpeg listening) without transcoding: what it records decodes as the camera's H.264. */
class StreamPusherTest {
    @TempDir
    Path dir;

    private static List<MediaFrame> captureFrames() throws Exception {
        byte[] ps;
        try (InputStream in = StreamPusherTest.class.getResourceAsStream("/vectors/camera-704x576-h264.ps")) {
            assumeTrue(in != null, "capture not on the test class path");
            ps = in.readAllBytes();
        }
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        demuxer.feed(ps, 0, ps.length);
        demuxer.flush();
        return frames;
    }

    @Test
    void aStreamPushedOverRtmpIsReadableByTheReceiver() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/ffmpeg")), "ffmpeg (Debian package ffmpeg) is not installed");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path recorded = dir.resolve("received.flv");
        String url = "rtmp://127.0.0.1:" + port + "/live/34020000001320000001_34020000001310000001_0200000001";
        Process receiver = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-listen", "1", "-i", url, "-c", "copy", "-t", "30",
                recorded.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        try {
            Thread.sleep(700); // the receiver listens
            List<MediaFrame> frames = captureFrames();
            StreamPusher pusher = new StreamPusher(url, "test");
            for (int i = 0; i < 200; i++) {
                pusher.frame(frames.get(i));
                Thread.sleep(2); // the queue holds 512: pace a little, as a live source does
            }
            long until = System.currentTimeMillis() + 10_000;
            while (pusher.pushed() < 200 && pusher.error() == null && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertNull(pusher.error(), "push error");
            assertEquals(0, pusher.dropped());
            pusher.close();
            assertTrue(receiver.waitFor(20, TimeUnit.SECONDS), "the receiver did not finish");
        } finally {
            receiver.destroyForcibly();
        }
        Process probe = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", recorded.toString())
                .redirectErrorStream(true).start();
        assertTrue(probe.waitFor(30, TimeUnit.SECONDS));
        String info = new String(probe.getInputStream().readAllBytes()).trim();
        assertTrue(info.startsWith("h264,704,576,"), "ffprobe said: " + info + " / receiver: " + Files.readString(dir.resolve("ffmpeg.log")));
        assertTrue(Integer.parseInt(info.substring(info.lastIndexOf(',') + 1)) >= 190, info);
    }
}
