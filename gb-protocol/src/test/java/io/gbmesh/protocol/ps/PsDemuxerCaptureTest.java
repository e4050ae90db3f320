package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.media.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demuxer against a real camera capture and ffmpeg's demux of it. */
class PsDemuxerCaptureTest {

    private static byte[] ps;
    private static byte[] h264;

    @BeforeAll
    static void load() {
        ps = TestVectors.read(TestVectors.CAMERA_PS);
        h264 = TestVectors.read(TestVectors.CAMERA_H264);
    }

    @Test
    void capture_fed_in_rtp_sized_chunks_gives_ffmpegs_frames() {
        List<MediaFrame> frames = demux(1400);
        assertMatchesFfmpeg(frames);
    }

    @Test
    void capture_fed_at_once_gives_ffmpegs_frames() {
        assertMatchesFfmpeg(demux(ps.length));
    }

    @Test
    void capture_fed_in_odd_small_chunks_gives_the_same_frames() {
        List<MediaFrame> whole = demux(ps.length);
        List<MediaFrame> small = demux(7);
        assertEquals(whole.size(), small.size());
        for (int i = 0; i < whole.size(); i++) {
            assertArrayEquals(whole.get(i).data(), small.get(i).data(), "frame " + i);
            assertEquals(whole.get(i).pts(), small.get(i).pts(), "pts of frame " + i);
        }
    }

    @Test
    void first_frame_is_a_key_frame_with_its_parameter_sets() {
        MediaFrame first = demux(1400).get(0);
        assertTrue(first.keyFrame());
        assertEquals(Codec.H264, first.codec());
        assertNotNull(first.sps());
        assertNotNull(first.pps());
        assertEquals(0x67, first.sps()[0] & 0xFF, "SPS NAL header");
        assertEquals(0x68, first.pps()[0] & 0xFF, "PPS NAL header");
        // The SPS as carried in the capture's first PES.
        assertArrayEquals(hex("674d001e9da82c049a6e02020280000003008000001942"), first.sps());
        assertEquals(5476751910L, first.pts());
    }

    @Test
    void key_frames_are_flagged_once_per_gop_and_timestamps_advance_by_one_frame() {
        List<MediaFrame> frames = demux(1400);
        long keys = frames.stream().filter(MediaFrame::keyFrame).count();
        // The capture repeats SPS/PPS/IDR with each of its 54 program stream maps.
        assertEquals(54, keys);
        for (MediaFrame f : frames) {
            assertEquals(f.keyFrame(), f.sps() != null, "parameter sets come with key frames only");
        }
        for (int i = 1; i < frames.size(); i++) {
            assertEquals(3600, frames.get(i).pts() - frames.get(i - 1).pts(), "25 fps at frame " + i);
        }
        assertFalse(frames.get(1).keyFrame());
    }

    @Test
    void stats_count_packs_frames_and_no_resync() {
        PsDemuxer demuxer = new PsDemuxer(f -> { });
        demuxer.feed(ps);
        demuxer.flush();
        PsDemuxStats stats = demuxer.stats();
        assertEquals(1347, stats.packs());
        assertEquals(1347, stats.frames(Codec.H264));
        assertEquals(0, stats.resyncs());
        assertEquals(0, stats.skippedBytes());
        assertEquals(0, stats.droppedFrames());
    }

    private static List<MediaFrame> demux(int chunk) {
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        for (int off = 0; off < ps.length; off += chunk) {
            demuxer.feed(ps, off, Math.min(chunk, ps.length - off));
        }
        demuxer.flush();
        return frames;
    }

    private static void assertMatchesFfmpeg(List<MediaFrame> frames) {
        assertEquals(TestVectors.CAMERA_FRAMES, frames.size(), "frames, as ffprobe -count_frames");
        ByteArrayOutputStream es = new ByteArrayOutputStream(h264.length);
        for (MediaFrame f : frames) {
            assertEquals(Codec.H264, f.codec());
            es.writeBytes(f.data());
        }
        byte[] demuxed = es.toByteArray();
        // ffmpeg's .264 was written from a slightly longer recording: ours is a prefix of it.
        assertTrue(demuxed.length > h264.length * 95L / 100, demuxed.length + " of " + h264.length);
        assertTrue(demuxed.length <= h264.length);
        assertEquals(3_215_069, demuxed.length);
        assertTrue(Arrays.equals(demuxed, 0, demuxed.length, h264, 0, demuxed.length), "prefix of ffmpeg's demux");
    }

    static byte[] hex(String s) {
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
