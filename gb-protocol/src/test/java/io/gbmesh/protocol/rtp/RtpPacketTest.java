package io.gbmesh.protocol.rtp;

import io.gbmesh.protocol.rtp.RtpParseException.Reason;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest {

    @Test
    void plain_header_of_a_ps_packet() throws Exception {
        // V=2, M=1, PT=96, seq 0x1234, ts 0x00015F90, SSRC 0x0100000A ("y=0100000010" style)
        byte[] b = Hex.bytes("80 e0 1234 00015f90 0100000a  000001ba");
        RtpPacket p = RtpPacket.parse(b);
        assertEquals(2, p.version());
        assertTrue(p.marker());
        assertEquals(96, p.payloadType());
        assertEquals(0x1234, p.sequenceNumber());
        assertEquals(90_000, p.timestamp());
        assertEquals(0x0100000AL, p.ssrc());
        assertEquals(12, p.payloadOffset());
        assertEquals(4, p.payloadLength());
        assertSame(b, p.array(), "parsed in place");
    }

    @Test
    void timestamp_and_ssrc_are_unsigned() throws Exception {
        RtpPacket p = RtpPacket.parse(Hex.bytes("80 60 ffff ffffffff fffffffe 00"));
        assertEquals(0xFFFFFFFFL, p.timestamp());
        assertEquals(0xFFFFFFFEL, p.ssrc());
        assertEquals(65535, p.sequenceNumber());
        assertFalse(p.marker());
    }

    @Test
    void csrc_list_of_two_is_read_and_skipped() throws Exception {
        byte[] b = Hex.bytes("82 60 0001 00000064 deadbeef  00000001 fffffff2  61626364");
        RtpPacket p = RtpPacket.parse(b);
        assertEquals(2, p.csrcCount());
        assertEquals(1, p.csrc(0));
        assertEquals(0xFFFFFFF2L, p.csrc(1));
        assertEquals(20, p.payloadOffset());
        assertArrayEquals("abcd".getBytes(), p.payloadBytes());
    }

    @Test
    void header_extension_is_exposed_and_skipped() throws Exception {
        // RFC 8285 one-byte header extension 0xBEDE, one word: id 1 len 1, two bytes, padding.
        byte[] b = Hex.bytes("90 60 0002 00000002 00000003  bede 0001 10ff0000  0102");
        RtpPacket p = RtpPacket.parse(b);
        assertTrue(p.hasExtension());
        assertEquals(0xBEDE, p.extensionProfile());
        assertEquals(16, p.extensionDataOffset());
        assertEquals(4, p.extensionDataLength());
        assertEquals(20, p.payloadOffset());
        assertArrayEquals(new byte[] {1, 2}, p.payloadBytes());
    }

    @Test
    void padding_is_removed_from_the_payload() throws Exception {
        byte[] b = Hex.bytes("a0 60 0002 00000002 00000003  010203  000003");
        RtpPacket p = RtpPacket.parse(b);
        assertTrue(p.hasPadding());
        assertEquals(3, p.paddingLength());
        assertArrayEquals(new byte[] {1, 2, 3}, p.payloadBytes());
    }

    @Test
    void packet_inside_a_larger_array_is_read_at_its_offset() throws Exception {
        byte[] b = Hex.bytes("ffff 80 60 0007 00000001 00000002 aa bb ffff");
        RtpPacket p = RtpPacket.parse(b, 2, 14);
        assertEquals(7, p.sequenceNumber());
        assertEquals(14, p.payloadOffset());
        assertEquals(2, p.payloadLength());
        assertEquals((byte) 0xAA, p.payload().get(0));
    }

    @Test
    void version_1_is_refused() {
        assertReason(Reason.BAD_VERSION, "40 60 0001 00000001 00000001 00");
    }

    @Test
    void version_0_is_refused() {
        // What a stray RFC 4571 length prefix or STUN-less garbage looks like.
        assertReason(Reason.BAD_VERSION, "00 0e 80 60 0001 00000001 0000");
    }

    @Test
    void truncated_fixed_header_is_refused() {
        assertReason(Reason.TRUNCATED_HEADER, "80 60 0001 00000001 000000");
    }

    @Test
    void csrc_count_beyond_the_packet_is_refused() {
        assertReason(Reason.TRUNCATED_CSRC, "8f 60 0001 00000001 00000001 00000001");
    }

    @Test
    void extension_beyond_the_packet_is_refused() {
        assertReason(Reason.TRUNCATED_EXTENSION, "90 60 0001 00000001 00000001 bede 0004 00000000");
        assertReason(Reason.TRUNCATED_EXTENSION, "90 60 0001 00000001 00000001 bede");
    }

    @Test
    void padding_longer_than_the_payload_is_refused() {
        assertReason(Reason.BAD_PADDING, "a0 60 0001 00000001 00000001 01 05");
    }

    @Test
    void padding_count_of_zero_is_refused() {
        assertReason(Reason.BAD_PADDING, "a0 60 0001 00000001 00000001 01 00");
    }

    @Test
    void builder_writes_every_header_feature_and_reads_back() throws Exception {
        byte[] payload = "PS".getBytes();
        byte[] bytes = RtpPacket.builder().marker(true).payloadType(96).sequenceNumber(65535)
                .timestamp(0xFFFFFFFFL).ssrc(0x0100000AL).csrcs(7, 8).extension(0xBEDE, new byte[] {0x10, 0x01})
                .padding(4).payload(payload).toBytes();
        assertArrayEquals(Hex.bytes("b2 e0 ffff ffffffff 0100000a 00000007 00000008 bede0001 10010000 5053 00000004"),
                bytes);
        RtpPacket p = RtpPacket.parse(bytes);
        assertArrayEquals(payload, p.payloadBytes());
        assertEquals(2, p.csrcCount());
        assertEquals(4, p.paddingLength());
    }

    @Test
    void write_header_is_the_plain_fixed_header() {
        byte[] b = new byte[12];
        assertEquals(12, RtpPacket.writeHeader(b, 0, true, 96, 0x1234, 90_000, 0x0100000AL));
        assertArrayEquals(Hex.bytes("80 e0 1234 00015f90 0100000a"), b);
        assertFalse(Arrays.equals(b, new byte[12]));
    }

    private static void assertReason(Reason reason, String hex) {
        RtpParseException e = assertThrows(RtpParseException.class, () -> RtpPacket.parse(Hex.bytes(hex)));
        assertEquals(reason, e.reason(), e.getMessage());
    }
}
