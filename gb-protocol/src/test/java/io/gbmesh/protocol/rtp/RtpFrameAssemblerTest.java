package io.gbmesh.protocol.rtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RtpFrameAssemblerTest {

    private record Frame(long timestamp, String data, boolean damaged) {
    }

    private final List<Frame> frames = new ArrayList<>();
    private final RtpFrameAssembler assembler = new RtpFrameAssembler(
            (ts, data, off, len, damaged) -> frames.add(new Frame(ts, new String(Arrays.copyOfRange(data, off, off + len)), damaged)));

    private void packet(int seq, long ts, boolean marker, String payload) {
        assembler.accept(RtpPacket.builder().sequenceNumber(seq).timestamp(ts).marker(marker)
                .payload(payload.getBytes()).build());
    }

    @Test
    void payloads_are_joined_until_the_marker() {
        packet(1, 100, false, "ab");
        packet(2, 100, false, "cd");
        packet(3, 100, true, "e");
        packet(4, 200, true, "f");
        assertEquals(List.of(new Frame(100, "abcde", false), new Frame(200, "f", false)), frames);
    }

    @Test
    void a_timestamp_change_ends_a_frame_without_marker() {
        packet(1, 100, false, "ab");
        packet(2, 200, false, "cd");
        assembler.flush();
        assertEquals(List.of(new Frame(100, "ab", false), new Frame(200, "cd", false)), frames);
    }

    @Test
    void a_gap_inside_a_frame_damages_that_frame_only() {
        packet(1, 100, true, "a");
        packet(2, 200, false, "b");
        packet(4, 200, true, "d");
        packet(5, 300, true, "e");
        assertEquals(List.of(new Frame(100, "a", false), new Frame(200, "bd", true), new Frame(300, "e", false)), frames);
        assertEquals(1, assembler.damagedFrames());
    }

    @Test
    void a_gap_after_a_marker_damages_the_next_frame_whose_start_may_be_lost() {
        packet(1, 100, true, "a");
        packet(3, 200, true, "c");
        assertEquals(List.of(new Frame(100, "a", false), new Frame(200, "c", true)), frames);
    }

    @Test
    void a_lost_marker_packet_damages_both_sides_of_the_boundary() {
        packet(1, 100, false, "a");
        packet(3, 200, true, "c");
        assertEquals(List.of(new Frame(100, "a", true), new Frame(200, "c", true)), frames);
    }

    @Test
    void sequence_wrap_is_not_a_gap() {
        packet(65535, 100, false, "a");
        packet(0, 100, true, "b");
        assertEquals(List.of(new Frame(100, "ab", false)), frames);
    }

    @Test
    void a_frame_over_the_limit_is_emitted_empty_and_damaged() {
        RtpFrameAssembler small = new RtpFrameAssembler(
                (ts, data, off, len, damaged) -> frames.add(new Frame(ts, new String(data, off, len), damaged)), 3);
        small.accept(RtpPacket.builder().sequenceNumber(1).timestamp(1).payload("ab".getBytes()).build());
        small.accept(RtpPacket.builder().sequenceNumber(2).timestamp(1).payload("cd".getBytes()).build());
        small.accept(RtpPacket.builder().sequenceNumber(3).timestamp(1).marker(true).payload("e".getBytes()).build());
        small.accept(RtpPacket.builder().sequenceNumber(4).timestamp(2).marker(true).payload("f".getBytes()).build());
        assertEquals(List.of(new Frame(1, "", true), new Frame(2, "f", false)), frames);
        assertEquals(1, small.oversizeFrames());
    }
}
