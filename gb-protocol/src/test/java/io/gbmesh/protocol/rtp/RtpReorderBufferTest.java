package io.gbmesh.protocol.rtp;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpReorderBufferTest {

    private final List<Integer> out = new ArrayList<>();

    private static RtpPacket packet(int seq) {
        return RtpPacket.builder().sequenceNumber(seq).timestamp(3600L * seq).ssrc(1).payload(new byte[] {1}).build();
    }

    private void offer(RtpReorderBuffer buffer, int... seqs) {
        for (int seq : seqs) {
            buffer.offer(packet(seq), p -> out.add(p.sequenceNumber()));
        }
    }

    @Test
    void packets_in_order_pass_straight_through_once_the_start_is_settled() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        offer(buffer, 10, 11, 12);
        assertEquals(List.of(), out, "the first window/2 packets are held");
        offer(buffer, 13);
        assertEquals(List.of(10, 11, 12, 13), out);
        offer(buffer, 14);
        assertEquals(List.of(10, 11, 12, 13, 14), out);
        assertEquals(0, buffer.buffered());
        assertEquals(0, buffer.reordered());
    }

    @Test
    void swapped_packets_are_put_back_in_order() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        offer(buffer, 1, 3, 2, 4);
        assertEquals(List.of(1, 2, 3, 4), out);
        assertEquals(1, buffer.reordered());
        assertEquals(0, buffer.lost());
    }

    @Test
    void sequence_wraps_from_65535_to_0() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        offer(buffer, 65533, 65534, 0, 65535, 2, 1, 3);
        assertEquals(List.of(65533, 65534, 65535, 0, 1, 2, 3), out);
        assertEquals(0, buffer.lost());
        assertEquals(0, buffer.late());
        assertEquals(2, buffer.reordered());
    }

    @Test
    void a_gap_is_given_up_when_the_window_is_full() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 1, 3, 4, 5);
        assertEquals(List.of(1), out, "2 still awaited");
        offer(buffer, 6);
        assertEquals(List.of(1, 3, 4, 5, 6), out);
        assertEquals(1, buffer.lost());
    }

    @Test
    void a_packet_after_its_slot_was_given_up_is_late() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 1, 3, 4, 5, 6, 2);
        assertEquals(List.of(1, 3, 4, 5, 6), out);
        assertEquals(1, buffer.lost());
        assertEquals(1, buffer.late());
        assertEquals(0, buffer.duplicates());
    }

    @Test
    void duplicates_are_counted_whether_held_or_already_released() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 1, 3, 3, 2, 2, 1);
        assertEquals(List.of(1, 2, 3), out);
        assertEquals(3, buffer.duplicates());
        assertEquals(0, buffer.late());
    }

    @Test
    void flush_releases_what_is_held_counting_the_gaps() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(16);
        offer(buffer, 1, 4, 6);
        buffer.flush(p -> out.add(p.sequenceNumber()));
        assertEquals(List.of(1, 4, 6), out);
        assertEquals(3, buffer.lost(), "2, 3 and 5");
        assertEquals(0, buffer.buffered());
        offer(buffer, 7);
        assertEquals(List.of(1, 4, 6, 7), out);
    }

    @Test
    void a_packet_sent_before_the_first_to_arrive_is_still_put_in_front() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        offer(buffer, 5, 4, 7, 6);
        assertEquals(List.of(4, 5, 6, 7), out);
        assertEquals(0, buffer.late());
        assertEquals(2, buffer.reordered());
    }

    @Test
    void a_packet_from_before_the_first_release_is_late() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(2);
        offer(buffer, 5, 4);
        assertEquals(List.of(5), out);
        assertEquals(1, buffer.late());
    }

    @Test
    void a_big_jump_is_a_sender_restart() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(8);
        offer(buffer, 100, 101, 20_000, 20_001);
        assertEquals(List.of(100, 101, 20_000, 20_001), out);
        assertEquals(1, buffer.restarts());
        assertEquals(0, buffer.lost());
    }

    @Test
    void a_window_of_packets_a_little_behind_is_a_sender_restart_and_none_of_them_is_lost() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 1000, 1001, 1002, 1003);
        assertEquals(List.of(1000, 1001, 1002, 1003), out);
        // a new RTP session from 900: behind, but not by a big jump
        offer(buffer, 900, 901, 902);
        assertEquals(List.of(1000, 1001, 1002, 1003), out, "held while they may still be late packets");
        offer(buffer, 903, 904, 905);
        assertEquals(List.of(1000, 1001, 1002, 1003, 900, 901, 902, 903, 904, 905), out);
        assertEquals(1, buffer.restarts());
        assertEquals(0, buffer.late());
        assertEquals(0, buffer.lost());
    }

    @Test
    void a_restart_onto_numbers_released_a_moment_ago_is_no_run_of_duplicates() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 100, 101, 102, 103, 104, 105);
        // the new session's clock starts elsewhere: same numbers, other timestamps
        for (int seq = 101; seq <= 105; seq++) {
            buffer.offer(RtpPacket.builder().sequenceNumber(seq).timestamp(7_000_000L + 3600L * seq).ssrc(1)
                    .payload(new byte[] {1}).build(), p -> out.add(p.sequenceNumber()));
        }
        assertEquals(List.of(100, 101, 102, 103, 104, 105, 101, 102, 103, 104, 105), out);
        assertEquals(1, buffer.restarts());
        assertEquals(0, buffer.duplicates());
        assertEquals(0, buffer.late());
    }

    @Test
    void late_packets_between_packets_in_order_are_no_restart() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 1000, 1001, 1002, 1003);
        offer(buffer, 990, 1004, 991, 1005, 992, 1006, 993, 1007);
        assertEquals(List.of(1000, 1001, 1002, 1003, 1004, 1005, 1006, 1007), out);
        assertEquals(0, buffer.restarts());
        assertEquals(4, buffer.late());
    }

    @Test
    void a_window_that_does_not_divide_65536_still_wraps() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(10);
        List<Integer> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            expected.add((65520 + i) & 0xFFFF);
        }
        offer(buffer, expected.get(0));
        for (int i = 1; i < 37; i += 4) {
            offer(buffer, expected.get(i + 3), expected.get(i + 1), expected.get(i), expected.get(i + 2));
        }
        offer(buffer, expected.get(37), expected.get(38), expected.get(39));
        assertEquals(expected, out);
        assertEquals(0, buffer.lost());
    }

    @Test
    void aLongJumpGivesUpTheSkippedNumbersAtOnceWithTheSameCounts() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(32);
        List<Integer> out = new ArrayList<>();
        for (int seq = 0; seq < 16; seq++) {
            buffer.offer(packet(seq), p -> out.add(p.sequenceNumber()));
        }
        buffer.offer(packet(1000), p -> out.add(p.sequenceNumber()));
        buffer.flush(p -> out.add(p.sequenceNumber()));
        assertEquals(17, out.size());
        assertEquals(1000, out.get(16));
        assertEquals(1000 - 16, buffer.lost());
        buffer.offer(packet(999), p -> out.add(p.sequenceNumber()));
        buffer.offer(packet(1000), p -> out.add(p.sequenceNumber()));
        assertEquals(1, buffer.late(), "999 was given up");
        assertEquals(1, buffer.duplicates(), "1000 was released");
        assertEquals(1001, buffer.nextSequenceNumber());
    }

    @Test
    void a_burst_of_duplicates_is_no_restart_and_holds_nothing_back() {
        RtpReorderBuffer buffer = new RtpReorderBuffer();
        for (int seq = 0; seq < 200; seq++) {
            offer(buffer, seq);
        }
        for (int seq = 150; seq < 182; seq++) {
            offer(buffer, seq);
        }
        offer(buffer, 200, 201, 202, 203, 204);
        List<Integer> expected = new java.util.ArrayList<>();
        for (int seq = 0; seq <= 204; seq++) {
            expected.add(seq);
        }
        buffer.flush(p -> out.add(p.sequenceNumber()));
        assertEquals(expected, out, "no stale packet again, 200-204 not held");
        assertEquals(0, buffer.restarts());
        assertEquals(32, buffer.duplicates());
        assertEquals(0, buffer.lost());
    }

    @Test
    void a_late_burst_on_a_lossy_link_is_no_restart() {
        RtpReorderBuffer buffer = new RtpReorderBuffer();
        List<Integer> missing = new java.util.ArrayList<>();
        for (int seq = 0; seq < 300; seq++) {
            if (seq >= 50 && seq % 3 == 0) {
                missing.add(seq);
            } else {
                offer(buffer, seq);
            }
        }
        long lost = buffer.lost();
        // the stragglers all come at once, far too late, each one behind
        missing.stream().filter(seq -> seq < 240).forEach(seq -> offer(buffer, seq));
        offer(buffer, 300, 301, 302);
        buffer.flush(p -> out.add(p.sequenceNumber()));
        assertEquals(0, buffer.restarts());
        assertTrue(buffer.late() >= 60, "late: " + buffer.late());
        assertEquals(List.of(300, 301, 302), out.subList(out.size() - 3, out.size()));
        assertTrue(out.stream().filter(seq -> seq < 240 && seq >= 50 && seq % 3 == 0).findAny().isEmpty(),
                "no straggler played as a new session");
        assertTrue(lost > 0);
    }

    @Test
    void a_restart_told_by_the_receiver_takes_the_new_numbers_at_once() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 1000, 1001, 1002, 1003, 1004);
        buffer.restart(p -> out.add(p.sequenceNumber()));
        offer(buffer, 990, 991, 992);
        assertEquals(List.of(1000, 1001, 1002, 1003, 1004, 990, 991, 992), out);
        assertEquals(1, buffer.restarts());
        assertEquals(0, buffer.late());
    }

    @Test
    void a_restart_told_after_the_first_new_packets_came_keeps_them() {
        RtpReorderBuffer buffer = new RtpReorderBuffer(4);
        offer(buffer, 1000, 1001, 1002, 1003, 1004);
        offer(buffer, 900, 901);
        buffer.restart(p -> out.add(p.sequenceNumber()));
        offer(buffer, 902, 903);
        assertEquals(List.of(1000, 1001, 1002, 1003, 1004, 900, 901, 902, 903), out);
        assertEquals(1, buffer.restarts());
        assertEquals(0, buffer.late());
    }
}
