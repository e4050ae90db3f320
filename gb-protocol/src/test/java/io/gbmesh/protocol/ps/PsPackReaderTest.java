package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.TestVectors;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PsPackReaderTest {

    private static final byte[] PS = TestVectors.read(TestVectors.CAMERA_PS);

    @Test
    void the_capture_has_one_pack_per_frame() {
        assertEquals(TestVectors.CAMERA_FRAMES, PsPackReader.readAll(PS).size());
    }

    @Test
    void packs_concatenate_back_to_the_file() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(PS.length);
        int expectedOffset = 0;
        for (PsPack pack : PsPackReader.readAll(PS)) {
            assertEquals(expectedOffset, pack.offset());
            out.writeBytes(pack.bytes());
            expectedOffset += pack.length();
        }
        assertArrayEquals(PS, out.toByteArray());
    }

    @Test
    void scr_is_monotonic_and_is_the_video_pts_in_this_capture() {
        List<PsPack> packs = PsPackReader.readAll(PS);
        assertEquals(5476751910L, packs.get(0).scr());
        for (int i = 0; i < packs.size(); i++) {
            PsPack pack = packs.get(i);
            assertEquals(pack.videoPts(), pack.scr(), "pack " + i);
            assertEquals(pack.scr(), pack.clock());
            if (i > 0) {
                assertTrue(pack.scr() > packs.get(i - 1).scr(), "SCR increases at pack " + i);
            }
        }
        long duration = packs.get(packs.size() - 1).scr() - packs.get(0).scr();
        assertEquals(1346 * 3600, duration, "25 fps");
    }

    @Test
    void every_pack_starts_with_a_pack_header() {
        for (PsPack pack : PsPackReader.readAll(PS)) {
            assertArrayEquals(PsBuilder.hex("000001ba"), java.util.Arrays.copyOfRange(PS, pack.offset(), pack.offset() + 4));
        }
    }

    @Test
    void bytes_before_the_first_pack_are_a_chunk_without_clock() {
        byte[] ps = new PsBuilder().raw(PsBuilder.hex("0102030405"))
                .pack(3600).unboundedPes(0xE0, 3600, PsBuilder.H264_KEY).pack(7200).pes(0xE0, -1, PsBuilder.H264_P).bytes();
        List<PsPack> packs = PsPackReader.readAll(ps);
        assertEquals(3, packs.size());
        assertEquals(5, packs.get(0).length());
        assertEquals(-1, packs.get(0).clock());
        assertEquals(3600, packs.get(1).scr());
        assertEquals(3600, packs.get(1).videoPts());
        assertEquals(7200, packs.get(2).clock());
        assertEquals(-1, packs.get(2).videoPts());
        assertEquals(ps.length, packs.get(2).offset() + packs.get(2).length());
    }
}
