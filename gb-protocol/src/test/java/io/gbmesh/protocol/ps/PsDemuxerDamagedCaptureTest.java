package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.media.TestVectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real capture, damaged on purpose: the demuxer must keep its footing. */
class PsDemuxerDamagedCaptureTest {

    private static byte[] ps;
    private static List<PsPack> packs;
    private static List<MediaFrame> clean;

    @BeforeAll
    static void load() {
        ps = TestVectors.read(TestVectors.CAMERA_PS);
        packs = PsPackReader.readAll(ps);
        clean = new ArrayList<>();
        PsDemuxer d = new PsDemuxer(clean::add);
        d.feed(ps);
        d.flush();
    }

    @Test
    void garbage_between_packs_is_skipped_and_sync_regained_on_the_next_pack() {
        // Looks like media to a careless parser: start codes of NAL units and of a non-PS stream id.
        byte[] garbage = PsBuilder.hex("00000001 6742 000001e0 ffff 0000 01 09 10 deadbeef 000001");
        ByteArrayOutputStream damaged = new ByteArrayOutputStream();
        for (int i = 0; i < packs.size(); i++) {
            damaged.write(ps, packs.get(i).offset(), packs.get(i).length());
            if (i == 100 || i == 700) {
                damaged.writeBytes(garbage);
            }
        }
        PsDemuxer demuxer = new PsDemuxer(f -> { });
        List<MediaFrame> frames = feed(demuxer, damaged.toByteArray(), 1400);

        assertSameFrames(clean, frames);
        assertEquals(2, demuxer.stats().resyncs());
        assertTrue(demuxer.stats().skippedBytes() >= 2L * (garbage.length - 8), "garbage skipped");
    }

    @Test
    void a_truncated_pack_at_the_end_does_not_throw_and_costs_only_its_frame() {
        PsPack last = packs.get(packs.size() - 1);
        byte[] cut = java.util.Arrays.copyOf(ps, last.offset() + last.length() / 2);
        PsDemuxer demuxer = new PsDemuxer(f -> { });
        List<MediaFrame> frames = feed(demuxer, cut, 1400);
        assertEquals(TestVectors.CAMERA_FRAMES - 1, frames.size());
        assertSameFrames(clean.subList(0, frames.size()), frames);
        assertEquals(1, demuxer.stats().droppedFrames());
    }

    @Test
    void the_capture_cut_anywhere_in_its_first_packs_does_not_throw() {
        for (int end = 0; end < 60_000; end += 97) {
            PsDemuxer demuxer = new PsDemuxer(f -> { });
            demuxer.feed(ps, 0, end);
            demuxer.flush();
        }
    }

    @Test
    void without_program_stream_maps_the_frames_are_still_recognised_as_h264() {
        byte[] stripped = withoutProgramStreamMaps(ps);
        assertTrue(stripped.length < ps.length);
        PsDemuxer demuxer = new PsDemuxer(f -> { });
        List<MediaFrame> frames = feed(demuxer, stripped, 1400);
        assertSameFrames(clean, frames);
        assertTrue(frames.stream().allMatch(f -> f.codec() == Codec.H264));
        assertTrue(frames.get(0).keyFrame());
    }

    /** The capture with its 0xBC units cut out (their start code cannot occur inside H.264 data). */
    static byte[] withoutProgramStreamMaps(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        int p = 0;
        for (int i = 0; i + 6 <= in.length; i++) {
            if (in[i] == 0 && in[i + 1] == 0 && in[i + 2] == 1 && (in[i + 3] & 0xFF) == 0xBC) {
                out.write(in, p, i - p);
                p = i + 6 + PsHeaders.u16(in, i + 4);
                i = p - 1;
            }
        }
        out.write(in, p, in.length - p);
        return out.toByteArray();
    }

    private static List<MediaFrame> feed(PsDemuxer demuxer, byte[] bytes, int chunk) {
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer d = new PsDemuxer(frames::add);
        for (int off = 0; off < bytes.length; off += chunk) {
            d.feed(bytes, off, Math.min(chunk, bytes.length - off));
            demuxer.feed(bytes, off, Math.min(chunk, bytes.length - off));
        }
        d.flush();
        demuxer.flush();
        return frames;
    }

    private static void assertSameFrames(List<MediaFrame> expected, List<MediaFrame> actual) {
        assertEquals(expected.size(), actual.size(), "frame count");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).pts(), actual.get(i).pts(), "pts of frame " + i);
            assertEquals(expected.get(i).keyFrame(), actual.get(i).keyFrame(), "key flag of frame " + i);
            assertArrayEquals(expected.get(i).data(), actual.get(i).data(), "bytes of frame " + i);
        }
    }
}
