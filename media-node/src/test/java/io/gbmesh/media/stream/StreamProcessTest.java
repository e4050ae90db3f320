package io.gbmesh.media.stream;

import io.gbmesh.contracts.StreamStats;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-stream pipeline fed the capture's RTP packets in memory: no sockets, no timers. */
class StreamProcessTest {

    private static final long SSRC = 100000001L;
    private static final long FOREIGN = 200000002L;
    private static final long OTHER = 300000003L;

    private final List<MediaFrame> frames = new ArrayList<>();

    private static void feed(StreamProcess p, List<Capture.Packet> packets, long now) {
        for (Capture.Packet packet : packets) {
            byte[] copy = packet.bytes().clone();
            p.rtp(copy, 0, copy.length, now);
        }
    }

    @Test
    void the_capture_comes_out_as_the_frames_in_the_file_with_codec_and_size() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        List<Capture.Packet> packets = Capture.rtp(SSRC, 4);
        feed(p, packets, 0);
        p.flush();
        List<MediaFrame> expected = Capture.frames(4);
        assertEquals(expected.size(), frames.size());
        for (int i = 0; i < frames.size(); i++) {
            assertArrayEquals(expected.get(i).data(), frames.get(i).data(), "frame " + i);
        }
        assertEquals(Codec.H264, p.codec());
        assertEquals(704, p.width());
        assertEquals(576, p.height());
        StreamStats s = p.stats(0);
        assertEquals(packets.size(), s.packets());
        assertEquals(expected.size(), s.frames());
        assertTrue(s.keyFrames() >= 1);
        assertEquals(0, s.lost());
        assertFalse(s.ssrcMismatch());
        assertEquals("0100000001", s.receivedSsrc());
    }

    @Test
    void reordered_and_lost_packets_are_counted_and_the_stream_goes_on() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        List<Capture.Packet> packets = new ArrayList<>(Capture.rtp(SSRC, 6));
        packets.remove(300);
        packets.remove(150);
        List<Capture.Packet> shuffled = new ArrayList<>();
        Random random = new Random(28181);
        for (int i = 0; i < packets.size(); i += 8) {
            List<Capture.Packet> block = new ArrayList<>(packets.subList(i, Math.min(i + 8, packets.size())));
            Collections.shuffle(block, random);
            shuffled.addAll(block);
        }
        feed(p, shuffled, 0);
        p.flush();
        StreamStats s = p.stats(0);
        assertEquals(2, s.lost());
        assertTrue(s.reordered() > 10, "reordered " + s.reordered());
        assertTrue(frames.size() >= Capture.frames(6).size() - 4, frames.size() + " frames");
    }

    @Test
    void a_foreign_ssrc_is_played_after_the_wait_and_a_second_one_is_dropped() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        List<Capture.Packet> packets = Capture.rtp(FOREIGN, 3);
        List<Capture.Packet> other = Capture.rtp(OTHER, 1);
        feed(p, packets.subList(0, 100), 0);
        feed(p, other.subList(0, 5), 10);
        assertTrue(frames.isEmpty(), "nothing played while waiting for the expected SSRC");
        p.tick(999);
        assertTrue(frames.isEmpty());
        p.tick(1000);
        feed(p, packets.subList(100, packets.size()), 1001);
        feed(p, other.subList(5, 20), 1002);
        p.flush();
        StreamStats s = p.stats(0);
        assertTrue(s.ssrcMismatch());
        assertEquals("0200000002", s.receivedSsrc());
        assertEquals(20, s.foreignSsrcDropped());
        assertEquals(Capture.frames(3).size(), frames.size(), "the held packets were played too");
    }

    @Test
    void the_expected_ssrc_arriving_in_time_wins_over_a_foreign_one() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        feed(p, Capture.rtp(FOREIGN, 1).subList(0, 10), 0);
        feed(p, Capture.rtp(SSRC, 2), 500);
        p.tick(5000);
        p.flush();
        StreamStats s = p.stats(0);
        assertFalse(s.ssrcMismatch());
        assertEquals("0100000001", s.receivedSsrc());
        assertEquals(10, s.foreignSsrcDropped());
        assertEquals(Capture.frames(2).size(), frames.size());
    }

    @Test
    void the_answered_ssrc_is_expected_as_well() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        p.answeredSsrc(FOREIGN);
        feed(p, Capture.rtp(FOREIGN, 1), 0);
        p.flush();
        assertFalse(p.stats(0).ssrcMismatch());
        assertFalse(frames.isEmpty());
    }

    @Test
    void without_an_offered_ssrc_the_first_one_is_played() {
        StreamProcess p = new StreamProcess(StreamProcess.parseSsrc(""), 1000, frames::add);
        feed(p, Capture.rtp(OTHER, 1), 0);
        p.flush();
        assertFalse(p.stats(0).ssrcMismatch());
        assertEquals("0300000003", p.stats(0).receivedSsrc());
    }

    @Test
    void an_annex_b_elementary_stream_is_played_too() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        List<MediaFrame> source = Capture.frames(2);
        io.gbmesh.protocol.rtp.RtpPacketizer packetizer = new io.gbmesh.protocol.rtp.RtpPacketizer(SSRC);
        for (MediaFrame f : source) {
            packetizer.packetize(f.data(), 0, f.size(), f.pts(), packet -> p.rtp(packet, 0, packet.length, 0));
        }
        p.flush();
        assertEquals(Codec.H264, p.codec());
        assertEquals(704, p.width());
        assertEquals(source.size(), frames.size());
        assertTrue(Arrays.equals(source.get(0).data(), frames.get(0).data()));
    }

    @Test
    void garbage_is_counted_not_thrown() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        p.rtp(new byte[] {1, 2, 3}, 0, 3, 0);
        assertEquals(1, p.malformed());
        assertNull(p.stats(0).receivedSsrc());
    }
}
