package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.media.TestVectors;
import io.gbmesh.protocol.rtp.RtpFrameAssembler;
import io.gbmesh.protocol.rtp.RtpPacket;
import io.gbmesh.protocol.rtp.RtpPacketizer;
import io.gbmesh.protocol.rtp.RtpReorderBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole receiving path on the real capture, as a device simulator would send it: packs → RTP
 * packets (sequence numbers wrapping past 65535) → shuffled within windows of 10 and 3 packets lost →
 * parse → reorder buffer → frame assembler → demuxer.
 */
class PsOverRtpTest {

    private static final long SSRC = 0x0100000AL;

    private static List<MediaFrame> clean;
    /** RTP packets in sending order, and the frame (pack index) each belongs to. */
    private static List<byte[]> sent;
    private static List<Integer> frameOfPacket;
    private static long[] clockOfFrame;

    @BeforeAll
    static void packetize() {
        byte[] ps = TestVectors.read(TestVectors.CAMERA_PS);
        clean = new ArrayList<>();
        PsDemuxer d = new PsDemuxer(clean::add);
        d.feed(ps);
        d.flush();

        List<PsPack> packs = PsPackReader.readAll(ps);
        clockOfFrame = new long[packs.size()];
        sent = new ArrayList<>();
        frameOfPacket = new ArrayList<>();
        RtpPacketizer packetizer = new RtpPacketizer(SSRC, 96, 1400, 65000);
        for (int i = 0; i < packs.size(); i++) {
            PsPack pack = packs.get(i);
            clockOfFrame[i] = pack.clock();
            int frame = i;
            packetizer.packetize(ps, pack.offset(), pack.length(), pack.clock(), packet -> {
                sent.add(packet);
                frameOfPacket.add(frame);
            });
        }
    }

    /** Indices of three packets in the middle of three different multi-packet frames. */
    private static List<Integer> threeMidFramePackets() {
        Map<Integer, List<Integer>> packetsOfFrame = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            packetsOfFrame.computeIfAbsent(frameOfPacket.get(i), k -> new ArrayList<>()).add(i);
        }
        List<Integer> drops = new ArrayList<>();
        for (int frame : new int[] {0, 675, 1300}) {
            int f = frame;
            while (packetsOfFrame.get(f).size() < 3) {
                f++;
            }
            List<Integer> ps = packetsOfFrame.get(f);
            drops.add(ps.get(ps.size() / 2));
        }
        return drops;
    }

    private static List<byte[]> shuffledWithin10(List<byte[]> packets, Random random) {
        List<byte[]> out = new ArrayList<>(packets.size());
        for (int i = 0; i < packets.size(); i += 10) {
            List<byte[]> block = new ArrayList<>(packets.subList(i, Math.min(i + 10, packets.size())));
            Collections.shuffle(block, random);
            out.addAll(block);
        }
        return out;
    }

    @Test
    void reordering_is_undone_lost_packets_are_counted_and_only_the_damaged_frames_are_missing() throws Exception {
        List<Integer> drops = threeMidFramePackets();
        Set<Integer> droppedSeqs = new HashSet<>();
        Set<Long> damagedClocks = new HashSet<>();
        List<byte[]> network = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            if (drops.contains(i)) {
                droppedSeqs.add(RtpPacket.parse(sent.get(i)).sequenceNumber());
                damagedClocks.add(clockOfFrame[frameOfPacket.get(i)]);
            } else {
                network.add(sent.get(i));
            }
        }
        network = shuffledWithin10(network, new Random(28181));

        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        RtpFrameAssembler assembler = new RtpFrameAssembler((ts, data, off, len, damaged) -> {
            if (damaged) {
                demuxer.discontinuity();
            } else {
                demuxer.feed(data, off, len);
            }
        });
        RtpReorderBuffer reorder = new RtpReorderBuffer(32);
        List<Integer> released = new ArrayList<>();
        for (byte[] datagram : network) {
            reorder.offer(RtpPacket.parse(datagram), p -> {
                released.add(p.sequenceNumber());
                assembler.accept(p);
            });
        }
        reorder.flush(assembler::accept);
        assembler.flush();
        demuxer.flush();

        // Order restored across the 65535 → 0 wrap, with exactly the dropped numbers missing.
        assertEquals(sent.size() - 3, released.size());
        int expected = 65000;
        for (int seq : released) {
            while (droppedSeqs.contains(expected)) {
                expected = (expected + 1) & 0xFFFF;
            }
            assertEquals(expected, seq);
            expected = (expected + 1) & 0xFFFF;
        }
        assertEquals(3, reorder.lost());
        assertEquals(0, reorder.late());
        assertEquals(0, reorder.duplicates());
        assertTrue(reorder.reordered() > sent.size() / 4, "the shuffle moved packets: " + reorder.reordered());

        assertEquals(3, assembler.damagedFrames());
        assertEquals(TestVectors.CAMERA_FRAMES - 3, frames.size());
        assertCleanExceptDamaged(frames, damagedClocks, 0);
    }

    @Test
    void damaged_frames_fed_anyway_make_the_demuxer_resync_and_carry_on() throws Exception {
        List<Integer> drops = threeMidFramePackets();
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        RtpFrameAssembler assembler = new RtpFrameAssembler((ts, data, off, len, damaged) -> demuxer.feed(data, off, len));
        RtpReorderBuffer reorder = new RtpReorderBuffer(32);
        for (int i = 0; i < sent.size(); i++) {
            if (!drops.contains(i)) {
                reorder.offer(RtpPacket.parse(sent.get(i)), assembler::accept);
            }
        }
        reorder.flush(assembler::accept);
        assembler.flush();
        demuxer.flush();

        assertTrue(demuxer.stats().resyncs() >= 1, "resynced: " + demuxer.stats());
        assertTrue(frames.size() >= TestVectors.CAMERA_FRAMES - 6, frames.size() + " frames");
        // Each hole garbles at most the frame it is in; every other frame is exact.
        assertCleanExceptDamaged(frames, Set.of(), 3);
    }

    private static void assertCleanExceptDamaged(List<MediaFrame> frames, Set<Long> missingClocks, int corruptAllowed) {
        Map<Long, MediaFrame> byPts = new HashMap<>();
        for (MediaFrame f : clean) {
            byPts.put(f.pts(), f);
        }
        int corrupt = 0;
        for (MediaFrame f : frames) {
            MediaFrame c = byPts.get(f.pts());
            assertTrue(c != null, "a frame the capture has: " + f);
            if (!Arrays.equals(c.data(), f.data())) {
                corrupt++;
            }
        }
        assertTrue(corrupt <= corruptAllowed, corrupt + " corrupt frames");
        if (!missingClocks.isEmpty()) {
            Set<Long> got = new HashSet<>();
            frames.forEach(f -> got.add(f.pts()));
            for (MediaFrame c : clean) {
                assertEquals(!missingClocks.contains(c.pts()), got.contains(c.pts()), "frame at " + c.pts());
            }
            for (MediaFrame f : frames) {
                assertArrayEquals(byPts.get(f.pts()).data(), f.data());
            }
        }
    }
}
