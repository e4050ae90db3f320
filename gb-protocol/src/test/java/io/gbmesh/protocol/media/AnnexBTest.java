package io.gbmesh.protocol.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AnnexBTest {

    private static byte[] hex(String hex) {
        String s = hex.replaceAll("\\s+", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }

    @Test
    void start_codes_of_three_and_four_bytes_are_found_at_their_00_00_01() {
        byte[] b = hex("ff 000001 67 ff ff 00000001 68 00 00");
        assertEquals(1, AnnexB.findStartCode(b, 0, b.length));
        assertEquals(8, AnnexB.findStartCode(b, 2, b.length));
        assertEquals(-1, AnnexB.findStartCode(b, 9, b.length));
        assertEquals(-1, AnnexB.findStartCode(hex("0000"), 0, 2));
    }

    @Test
    void the_capture_parameter_sets_say_h264() {
        assertEquals(Codec.H264, AnnexB.guessVideoCodec(hex("00000001 674d001e9da8 00000001 68ee3c80"), 0, 16));
    }

    @Test
    void an_h265_vps_or_idr_says_h265() {
        assertEquals(Codec.H265, AnnexB.guessVideoCodec(hex("00000001 40010c01ffff"), 0, 10));
        assertEquals(Codec.H265, AnnexB.guessVideoCodec(hex("00000001 2601af09"), 0, 8));
    }

    @Test
    void p_slices_alone_say_nothing() {
        assertEquals(Codec.UNKNOWN, AnnexB.guessVideoCodec(hex("00000001 419a0203"), 0, 8));
    }

    @Test
    void h264_idr_is_a_key_frame_and_brings_its_parameter_sets() {
        byte[] au = hex("00000001 09f0 00000001 674d001e 00000001 68ee3c80 00000001 65b8 0000 0001 65aa");
        MediaFrame f = AnnexB.videoFrame(Codec.H264, 0xE0, 0, 0, au);
        assertTrue(f.keyFrame());
        assertArrayEquals(hex("674d001e"), f.sps());
        assertArrayEquals(hex("68ee3c80"), f.pps());
        assertNull(f.vps());
    }

    @Test
    void h264_non_idr_slice_is_not_a_key_frame() {
        MediaFrame f = AnnexB.videoFrame(Codec.H264, 0xE0, 0, 0, hex("00000001 06e501 00000001 419a"));
        assertFalse(f.keyFrame());
        assertNull(f.sps());
    }

    @Test
    void h265_cra_is_a_key_frame_irap_range_16_to_21() {
        assertTrue(AnnexB.videoFrame(Codec.H265, 0xE0, 0, 0, hex("00000001 2a01af")).keyFrame());
        assertFalse(AnnexB.videoFrame(Codec.H265, 0xE0, 0, 0, hex("00000001 0201d0")).keyFrame());
    }

    @Test
    void stream_types_map_to_codecs() {
        assertEquals(Codec.H264, Codec.fromStreamType(0x1B));
        assertEquals(Codec.H265, Codec.fromStreamType(0x24));
        assertEquals(Codec.SVAC, Codec.fromStreamType(0x80));
        assertEquals(Codec.G711A, Codec.fromStreamType(0x90));
        assertEquals(Codec.UNKNOWN, Codec.fromStreamType(0x06));
        assertTrue(Codec.H265.isVideo());
        assertFalse(Codec.AAC.isVideo());
    }
}
