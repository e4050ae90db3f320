package io.gbmesh.media.stream;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class H264SpsTest {

    private static H264Sps parse(String hex) throws Exception {
        return H264Sps.parse(HexFormat.of().parseHex(hex));
    }

    @Test
    void the_capture_sps_says_704x576() throws Exception {
        MediaFrame key = Capture.frames(1).stream().filter(MediaFrame::keyFrame).findFirst().orElseThrow();
        H264Sps sps = H264Sps.parse(key.sps());
        assertEquals(704, sps.width());
        assertEquals(576, sps.height());
    }

    @Test
    void high_profile_1080p_is_cropped_from_1088_lines() throws Exception {
        // x264, High profile, 4:2:0, frame_cropping bottom 4 (crop unit 2 lines).
        H264Sps sps = parse("67640028acd940780227e5c044000003000400000300c83c60c658");
        assertEquals(100, sps.profileIdc());
        assertEquals(1920, sps.width());
        assertEquals(1080, sps.height());
    }

    @Test
    void high_444_profile_crops_in_single_lines() throws Exception {
        H264Sps sps = parse("67f40028919b280f0044fc4e0220000003002000000641e30632c0");
        assertEquals(244, sps.profileIdc());
        assertEquals(1920, sps.width());
        assertEquals(1080, sps.height());
    }

    @Test
    void baseline_cif() throws Exception {
        H264Sps sps = parse("6742c00dd9016096c044000003000400000300c83c50a920");
        assertEquals(66, sps.profileIdc());
        assertEquals(352, sps.width());
        assertEquals(288, sps.height());
    }

    @Test
    void a_truncated_sps_is_a_typed_failure() {
        assertThrows(H264Sps.MalformedSpsException.class, () -> parse("67640028acd9"));
        assertThrows(H264Sps.MalformedSpsException.class, () -> parse("68ebe3cb22c0"));
    }
}
