package io.gbmesh.protocol.rtp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Rfc4571FramerTest {

    private static final byte[] P1 = Hex.bytes("80 60 0001 00000064 0100000a 000001ba 4467");
    private static final byte[] P2 = Hex.bytes("80 e0 0002 00000064 0100000a 01");
    private static final byte[] P3 = Hex.bytes("80 60 0003 000000c8 0100000a" + "55".repeat(300));

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(Rfc4571Framer.frame(P1));
        out.writeBytes(Rfc4571Framer.frame(P2));
        out.writeBytes(Rfc4571Framer.frame(P3));
        return out.toByteArray();
    }

    @Test
    void frame_prefixes_the_big_endian_length() {
        assertArrayEquals(Hex.bytes("000d 80 e0 0002 00000064 0100000a 01"), Rfc4571Framer.frame(P2));
    }

    @Test
    void several_packets_in_one_chunk() throws Exception {
        List<byte[]> got = new ArrayList<>();
        byte[] s = stream();
        new Rfc4571Framer().feed(s, 0, s.length, got::add);
        assertPackets(got);
    }

    @Test
    void same_stream_split_at_every_byte_position_gives_the_same_packets() throws Exception {
        byte[] s = stream();
        for (int cut = 0; cut <= s.length; cut++) {
            List<byte[]> got = new ArrayList<>();
            Rfc4571Framer framer = new Rfc4571Framer();
            framer.feed(s, 0, cut, got::add);
            framer.feed(s, cut, s.length - cut, got::add);
            assertPackets(got);
            assertEquals(0, framer.pendingBytes());
        }
    }

    @Test
    void one_byte_at_a_time() throws Exception {
        byte[] s = stream();
        List<byte[]> got = new ArrayList<>();
        Rfc4571Framer framer = new Rfc4571Framer();
        for (int i = 0; i < s.length; i++) {
            framer.feed(s, i, 1, got::add);
        }
        assertPackets(got);
    }

    @Test
    void zero_length_is_refused() {
        Rfc4571Framer framer = new Rfc4571Framer();
        byte[] s = Hex.bytes("0000 80");
        Rfc4571FramingException e = assertThrows(Rfc4571FramingException.class,
                () -> framer.feed(s, 0, s.length, p -> { }));
        assertEquals(0, e.length());
    }

    @Test
    void length_over_the_limit_is_refused_and_the_framer_stays_failed() {
        Rfc4571Framer framer = new Rfc4571Framer(1500);
        byte[] s = Hex.bytes("05dd");
        Rfc4571FramingException e = assertThrows(Rfc4571FramingException.class,
                () -> framer.feed(s, 0, s.length, p -> { }));
        assertEquals(1501, e.length());
        byte[] ok = Rfc4571Framer.frame(P1);
        assertThrows(Rfc4571FramingException.class, () -> framer.feed(ok, 0, ok.length, p -> { }));
    }

    @Test
    void limit_itself_is_accepted() throws Exception {
        Rfc4571Framer framer = new Rfc4571Framer(P3.length);
        List<byte[]> got = new ArrayList<>();
        byte[] s = Rfc4571Framer.frame(P3);
        framer.feed(s, 0, s.length, got::add);
        assertArrayEquals(P3, got.get(0));
    }

    private static void assertPackets(List<byte[]> got) {
        assertEquals(3, got.size());
        assertArrayEquals(P1, got.get(0));
        assertArrayEquals(P2, got.get(1));
        assertArrayEquals(P3, got.get(2));
    }
}
