package io.gbmesh.media.mp4;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.Http;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The captures' frames muxed into fragmented MP4 and read back by Debian's ffprobe. */
class Fmp4MuxerTest {

    private static byte[] mux(List<MediaFrame> frames, int[] counts) {
        Fmp4Muxer muxer = new Fmp4Muxer();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (MediaFrame f : frames) {
            muxer.frame(f, (bytes, key, setUp) -> {
                out.writeBytes(bytes);
                counts[setUp ? 0 : 1]++;
            });
        }
        return out.toByteArray();
    }

    private static String type(byte[] mp4, int at) {
        return new String(mp4, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII);
    }

    @Test
    void h264_frames_become_an_init_segment_and_one_fragment_per_frame_that_ffprobe_decodes() throws Exception {
        List<MediaFrame> frames = Capture.frames(6);
        int[] counts = new int[2];
        byte[] mp4 = mux(frames, counts);
        assertEquals("ftyp", type(mp4, 0));
        assertEquals(1, counts[0], "one initialization segment");
        assertEquals(frames.size(), counts[1], "a fragment per frame (the capture starts at a key frame)");
        Ffprobe.VideoInfo info = Http.probe(Ffprobe.requireFfprobe(), mp4, ".mp4");
        assertEquals("h264", info.codec());
        assertEquals(Capture.WIDTH, info.width());
        assertEquals(Capture.HEIGHT, info.height());
        assertEquals(frames.size(), info.frames());
    }

    @Test
    void h265_frames_go_in_an_hvc1_track_that_ffprobe_decodes_as_hevc() throws Exception {
        List<MediaFrame> frames = Capture.H265.demuxed(10).stream().filter(MediaFrame::isVideo).toList();
        assertEquals(Codec.H265, frames.get(0).codec());
        int[] counts = new int[2];
        byte[] mp4 = mux(frames, counts);
        assertTrue(new String(mp4, java.nio.charset.StandardCharsets.ISO_8859_1).contains("hvcC"));
        Ffprobe.VideoInfo info = Http.probe(Ffprobe.requireFfprobe(), mp4, ".mp4");
        assertEquals("hevc", info.codec());
        assertEquals(320, info.width());
        assertEquals(240, info.height());
        assertEquals(100, info.frames());
    }

    @Test
    void nothing_comes_out_before_a_key_frame_and_audio_is_not_taken() {
        List<MediaFrame> frames = Capture.frames(2);
        Fmp4Muxer muxer = new Fmp4Muxer();
        MediaFrame inter = frames.stream().filter(f -> !f.keyFrame()).findFirst().orElseThrow();
        assertFalse(muxer.frame(inter, (b, k, s) -> { }));
        assertFalse(muxer.frame(MediaFrame.of(Codec.G711A, 0xC0, 0, 0, true, new byte[160]), (b, k, s) -> { }));
    }
}
