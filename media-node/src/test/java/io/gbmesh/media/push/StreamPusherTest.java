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
        port = io.gbmesh.testing.FreePorts.tcpAndUdp();
        Path recorded = dir.resolve("received.flv");
        String url = "rtmp://127.0.0.1:" + port + "/live/34020000001320000001_34020000001310000001_0200000001";
        Process receiver = new ProcessBuilder("ffmpeg", "-y", "-v", "error", "-listen", "1", "-i", url, "-c", "copy", "-t", "30",
                recorded.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        try {
            io.gbmesh.testing.Listening.awaitTcp(port, 10_000);
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

    /**
     * An H.265 camera pushed over RTMP as Enhanced RTMP's hvc1: the receiver is the FFmpeg 7.1 that the
     * JavaCPP artifact ships (Debian 12's FFmpeg 5.1 reads no H.265 over RTMP); what it records is the
     * camera's HEVC.
     */
    @Test
    void anH265StreamPushedOverRtmpIsReadableByTheReceiver() throws Exception {
        String ffmpeg;
        try {
            ffmpeg = org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            assumeTrue(false, "the bundled ffmpeg cannot run here: " + e);
            return;
        }
        int port;
        port = io.gbmesh.testing.FreePorts.tcpAndUdp();
        Path recorded = dir.resolve("received.mkv");
        String url = "rtmp://127.0.0.1:" + port + "/live/34020000001320000001_34020000001310000001_0200000002";
        Process receiver = new ProcessBuilder(ffmpeg, "-y", "-v", "error", "-listen", "1", "-i", url, "-c", "copy", "-t", "30",
                recorded.toString()).redirectErrorStream(true).redirectOutput(dir.resolve("ffmpeg.log").toFile()).start();
        List<MediaFrame> frames = io.gbmesh.media.testing.Capture.H265.demuxed(10).stream()
                .filter(MediaFrame::isVideo).toList();
        try {
            io.gbmesh.testing.Listening.awaitTcp(port, 10_000);
            StreamPusher pusher = new StreamPusher(url, "test-hevc");
            for (MediaFrame f : frames) {
                pusher.frame(f);
                Thread.sleep(2);
            }
            long until = System.currentTimeMillis() + 10_000;
            while (pusher.pushed() < frames.size() && pusher.error() == null && System.currentTimeMillis() < until) {
                Thread.sleep(50);
            }
            assertNull(pusher.error(), "push error");
            pusher.close();
            assertTrue(receiver.waitFor(20, TimeUnit.SECONDS), "the receiver did not finish");
        } finally {
            receiver.destroyForcibly();
        }
        io.gbmesh.media.testing.Ffprobe.VideoInfo info = io.gbmesh.media.testing.Ffprobe.probe(recorded);
        assertEquals("hevc", info.codec(), Files.readString(dir.resolve("ffmpeg.log")));
        assertEquals(320, info.width());
        assertTrue(info.frames() >= frames.size() - 5, info.frames() + " frames");
    }
}
