package io.gbmesh.media.stream;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sender lock of a stream, fed in memory: the first sender of the played SSRC is the only one. */
class StreamSourceLockTest {

    private static final long SSRC = 100000001L;
    private static final long FOREIGN = 200000002L;
    private static final InetSocketAddress DEVICE = new InetSocketAddress("192.0.2.10", 15060);
    private static final InetSocketAddress STRANGER = new InetSocketAddress("192.0.2.66", 15060);
    private static final InetSocketAddress DEVICE_NEW_PORT = new InetSocketAddress("192.0.2.10", 15062);

    private final List<MediaFrame> frames = new ArrayList<>();

    private static void feed(StreamProcess p, List<Capture.Packet> packets, long now, InetSocketAddress from) {
        for (Capture.Packet packet : packets) {
            byte[] copy = packet.bytes().clone();
            p.rtp(copy, 0, copy.length, now, from);
        }
    }

    @Test
    void the_played_ssrc_from_another_sender_is_dropped_and_not_a_sign_of_life() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        List<Capture.Packet> device = Capture.rtp(SSRC, 2);
        feed(p, device.subList(0, 10), 0, DEVICE);
        List<Capture.Packet> forged = Capture.rtp(SSRC, 1, 30000);
        feed(p, forged, 500, STRANGER);
        feed(p, device.subList(10, device.size()), 0, DEVICE);
        p.flush();
        assertEquals(forged.size(), p.foreignSourceDropped());
        assertEquals(device.size(), p.stats(0).packets(), "only the device's packets are taken");
        assertEquals(0, p.lastPacketAt(), "the stranger's packets are no sign of life");
        assertEquals(Capture.frames(2).size(), frames.size(), "the device's frames, untouched");
        assertEquals(DEVICE, p.lockedSource());
    }

    @Test
    void a_new_answer_releases_the_sender_for_the_device_s_new_port() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        List<Capture.Packet> packets = Capture.rtp(SSRC, 2);
        feed(p, packets.subList(0, 10), 0, DEVICE);
        feed(p, packets.subList(10, 20), 0, DEVICE_NEW_PORT);
        assertEquals(10, p.foreignSourceDropped(), "a new port without a new answer is another sender");
        p.releaseSource();
        feed(p, packets.subList(20, 30), 0, DEVICE_NEW_PORT);
        assertEquals(10, p.foreignSourceDropped());
        assertEquals(DEVICE_NEW_PORT, p.lockedSource());
        feed(p, packets.subList(30, 31), 0, DEVICE);
        assertEquals(11, p.foreignSourceDropped(), "and the old port is a stranger now");
    }

    @Test
    void a_candidate_ssrc_is_taken_only_from_its_first_sender() {
        StreamProcess p = new StreamProcess(SSRC, 100, frames::add);
        List<Capture.Packet> foreign = Capture.rtp(FOREIGN, 2);
        feed(p, foreign.subList(0, 5), 0, DEVICE);
        feed(p, foreign.subList(5, 8), 10, STRANGER);
        feed(p, foreign.subList(8, foreign.size()), 200, DEVICE);
        assertEquals(3, p.foreignSourceDropped());
        assertEquals(FOREIGN, p.ssrc());
        assertEquals(DEVICE, p.lockedSource());
    }

    @Test
    void over_tcp_there_is_no_sender_to_lock() {
        StreamProcess p = new StreamProcess(SSRC, 1000, frames::add);
        List<Capture.Packet> packets = Capture.rtp(SSRC, 1);
        feed(p, packets, 0, null);
        assertEquals(0, p.foreignSourceDropped());
        assertEquals(packets.size(), p.stats(0).packets());
        assertEquals(null, p.lockedSource());
    }
}
