package io.gbmesh.media.flv;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlvMuxerTest {

    /** Tags as muxed: bytes and flags. */
    private record Tag(byte[] bytes, boolean key, boolean sequenceHeader) {
    }

    private static List<Tag> mux(List<MediaFrame> frames) {
        FlvMuxer muxer = new FlvMuxer();
        List<Tag> tags = new ArrayList<>();
        for (MediaFrame f : frames) {
            muxer.frame(f, (bytes, key, seq) -> tags.add(new Tag(bytes, key, seq)));
        }
        return tags;
    }

    @Test
    void the_first_seconds_of_the_capture_decode_as_h264_704x576() throws Exception {
        Ffprobe.requireFfprobe();
        List<MediaFrame> frames = Capture.frames(4);
        ByteArrayOutputStream flv = new ByteArrayOutputStream();
        flv.writeBytes(FlvMuxer.header());
        mux(frames).forEach(t -> flv.writeBytes(t.bytes()));
        Path file = Files.createTempFile("capture-", ".flv");
        try {
            Files.write(file, flv.toByteArray());
            Ffprobe.VideoInfo info = Ffprobe.probe(file);
            assertEquals("h264", info.codec());
            assertEquals(704, info.width());
            assertEquals(576, info.height());
            assertEquals(frames.size(), info.frames(), "every frame muxed was decoded");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void tags_are_well_formed_and_timed_in_milliseconds_from_the_first_frame() {
        List<MediaFrame> frames = Capture.frames(2);
        List<Tag> tags = mux(frames);
        assertTrue(tags.get(0).sequenceHeader());
        assertTrue(tags.get(1).key());
        assertEquals(frames.size() + 1, tags.size());
        long previous = -1;
        for (Tag t : tags) {
            ByteBuffer b = ByteBuffer.wrap(t.bytes());
            assertEquals(FlvMuxer.TAG_VIDEO, b.get(0));
            int dataSize = ((b.get(1) & 0xFF) << 16) | ((b.get(2) & 0xFF) << 8) | (b.get(3) & 0xFF);
            assertEquals(11 + dataSize + 4, t.bytes().length);
            assertEquals(11 + dataSize, b.getInt(t.bytes().length - 4), "PreviousTagSize");
            long ts = ((b.get(7) & 0xFFL) << 24) | ((b.get(4) & 0xFF) << 16) | ((b.get(5) & 0xFF) << 8) | (b.get(6) & 0xFF);
            assertTrue(ts >= previous, "timestamps do not go back");
            previous = ts;
            assertEquals(t.key() || t.sequenceHeader() ? 0x17 : 0x27, b.get(11) & 0xFF);
        }
        long expectedLast = (frames.get(frames.size() - 1).dts() - frames.get(0).dts()) / 90;
        assertEquals(expectedLast, previous);
    }

    @Test
    void the_sequence_header_carries_the_key_frame_parameter_sets() {
        MediaFrame key = Capture.frames(1).get(0);
        assertTrue(key.keyFrame());
        byte[] tag = mux(List.of(key)).get(0).bytes();
        ByteBuffer b = ByteBuffer.wrap(tag);
        assertEquals(0, b.get(12), "AVCPacketType 0: sequence header");
        int p = 16;
        assertEquals(1, b.get(p));
        assertEquals(key.sps()[1], b.get(p + 1));
        assertEquals(0xE1, b.get(p + 5) & 0xFF);
        int spsLength = b.getShort(p + 6) & 0xFFFF;
        byte[] sps = new byte[spsLength];
        b.get(p + 8, sps);
        assertArrayEquals(key.sps(), sps);
        int q = p + 8 + spsLength;
        assertEquals(1, b.get(q));
        byte[] pps = new byte[b.getShort(q + 1) & 0xFFFF];
        b.get(q + 3, pps);
        assertArrayEquals(key.pps(), pps);
    }

    @Test
    void frames_are_length_prefixed_without_parameter_sets() {
        MediaFrame key = Capture.frames(1).get(0);
        byte[] tag = FlvMuxer.videoTag(key.data(), true, 0, 0);
        ByteBuffer b = ByteBuffer.wrap(tag, 16, tag.length - 20);
        int units = 0;
        while (b.hasRemaining()) {
            int length = b.getInt();
            int type = b.get(b.position()) & 0x1F;
            assertFalse(type == 7 || type == 8 || type == 9, "NAL type " + type + " left out");
            b.position(b.position() + length);
            units++;
        }
        assertTrue(units >= 1);
    }

    @Test
    void nothing_before_the_first_key_frame_and_nothing_but_h264() {
        List<MediaFrame> frames = Capture.frames(1);
        FlvMuxer muxer = new FlvMuxer();
        List<byte[]> tags = new ArrayList<>();
        assertFalse(muxer.frame(frames.get(1), (t, k, s) -> tags.add(t)));
        assertFalse(muxer.frame(MediaFrame.of(Codec.G711A, 0xC0, 0, 0, true, new byte[160]), (t, k, s) -> tags.add(t)));
        assertTrue(tags.isEmpty());
        assertTrue(muxer.frame(frames.get(0), (t, k, s) -> tags.add(t)));
        assertEquals(2, tags.size());
    }
}
