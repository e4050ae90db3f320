package io.gbmesh.media.stream;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The SPS of the H.265 capture (libx265, Main profile, 320x240 coded as 320x240 with a conformance window). */
class H265SpsTest {

    private static byte[] sps() {
        MediaFrame key = Capture.H265.demuxed(1).stream().filter(f -> f.isVideo() && f.keyFrame()).findFirst().orElseThrow();
        return key.sps();
    }

    @Test
    void the_capture_sps_gives_the_picture_and_the_record_fields() throws Exception {
        H265Sps sps = H265Sps.parse(sps());
        assertEquals(320, sps.width());
        assertEquals(240, sps.height());
        assertEquals(1, sps.chromaFormat(), "4:2:0");
        assertEquals(8, sps.bitDepthLuma());
        assertEquals(8, sps.bitDepthChroma());
        assertEquals(0, sps.maxSubLayersMinus1());
        // general_profile_space 0, tier 0, profile_idc 1 (Main); level_idc the last byte (x265: 2.1 for 320x240 at 25)
        assertEquals(0x01, sps.generalProfile()[0]);
        assertEquals(12, sps.generalProfile().length);
        assertFalse(sps.generalProfile()[11] == 0, "a level");
    }

    @Test
    void emulation_prevention_bytes_are_not_read_as_profile_bytes() throws Exception {
        byte[] nal = sps();
        // the compatibility and constraint flags are mostly zeros: the NAL unit escapes them (00 00 03)
        String hex = HexFormat.of().formatHex(nal);
        assertEquals(true, hex.contains("000003"), hex);
        H265Sps sps = H265Sps.parse(nal);
        assertArrayEquals(new byte[] {0, 0, 0, 0}, java.util.Arrays.copyOfRange(sps.generalProfile(), 6, 10),
                "constraint flags without the escape byte");
    }

    @Test
    void a_truncated_or_foreign_nal_unit_is_refused() {
        byte[] nal = sps();
        assertThrows(H264Sps.MalformedSpsException.class, () -> H265Sps.parse(java.util.Arrays.copyOf(nal, 14)));
        assertThrows(H264Sps.MalformedSpsException.class, () -> H265Sps.parse(new byte[] {0x40, 0x01, 0x0c, 1, 2, 3, 4, 5,
                6, 7, 8, 9, 10, 11, 12, 13}));
        assertThrows(H264Sps.MalformedSpsException.class, () -> H265Sps.parse(null));
    }
}
