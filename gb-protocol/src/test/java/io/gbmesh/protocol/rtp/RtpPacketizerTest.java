package io.gbmesh.protocol.rtp;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RtpPacketizerTest {

    @Test
    void a_frame_is_cut_into_packets_of_at_most_1400_bytes_with_the_marker_on_the_last() throws Exception {
        byte[] frame = new byte[3000];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        RtpPacketizer packetizer = new RtpPacketizer(0x0100000AL, 96, 1400, 65534);
        List<byte[]> packets = new ArrayList<>();
        assertEquals(3, packetizer.packetize(frame, 0, frame.length, 0x1_0000_0001L + 90_000, packets::add));

        ByteArrayOutputStream payloads = new ByteArrayOutputStream();
        int[] sizes = {1400, 1400, 200};
        int[] seqs = {65534, 65535, 0};
        for (int i = 0; i < 3; i++) {
            RtpPacket p = RtpPacket.parse(packets.get(i));
            assertEquals(sizes[i], p.payloadLength());
            assertEquals(seqs[i], p.sequenceNumber());
            assertEquals(i == 2, p.marker());
            assertEquals(96, p.payloadType());
            assertEquals(90_001, p.timestamp(), "truncated to 32 bits");
            assertEquals(0x0100000AL, p.ssrc());
            payloads.write(p.array(), p.payloadOffset(), p.payloadLength());
        }
        assertArrayEquals(frame, payloads.toByteArray());
        assertEquals(1, packetizer.nextSequenceNumber());
    }

    @Test
    void a_small_frame_is_one_packet_with_the_marker() throws Exception {
        RtpPacketizer packetizer = new RtpPacketizer(7);
        List<byte[]> packets = new ArrayList<>();
        packetizer.packetize(new byte[] {0, 0, 1, (byte) 0xBA}, 0, 4, 3600, packets::add);
        assertArrayEquals(Hex.bytes("80 e0 0000 00000e10 00000007 000001ba"), packets.get(0));
    }
}
