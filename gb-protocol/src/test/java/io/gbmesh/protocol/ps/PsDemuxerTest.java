package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static io.gbmesh.protocol.ps.PsBuilder.H264_KEY;
import static io.gbmesh.protocol.ps.PsBuilder.H264_P;
import static io.gbmesh.protocol.ps.PsBuilder.H265_KEY;
import static io.gbmesh.protocol.ps.PsBuilder.H265_P;
import static io.gbmesh.protocol.ps.PsBuilder.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demuxer on small synthetic program streams, one behaviour each. */
class PsDemuxerTest {

    private final List<MediaFrame> frames = new ArrayList<>();
    private final PsDemuxer demuxer = new PsDemuxer(frames::add);

    private void demux(byte[] ps) {
        demuxer.feed(ps);
        demuxer.flush();
    }

    @Test
    void h265_stream_type_in_the_map_gives_h265_frames_with_vps_sps_pps() {
        demux(new PsBuilder().pack(3600).psm(0x24, 0xE0).pes(0xE0, 3600, H265_KEY)
                .pack(7200).pes(0xE0, 7200, H265_P).bytes());
        assertEquals(2, frames.size());
        MediaFrame key = frames.get(0);
        assertEquals(Codec.H265, key.codec());
        assertTrue(key.keyFrame());
        assertArrayEquals(hex("40010c01ffff"), key.vps());
        assertArrayEquals(hex("4201010160"), key.sps());
        assertArrayEquals(hex("4401c172"), key.pps());
        assertArrayEquals(H265_KEY, key.data());
        assertEquals(Codec.H265, frames.get(1).codec());
        assertFalse(frames.get(1).keyFrame());
        assertEquals(7200, frames.get(1).pts());
    }

    @Test
    void without_a_map_h264_is_recognised_from_its_nal_units() {
        demux(new PsBuilder().pack(0).pes(0xE0, 0, H264_KEY).pack(3600).pes(0xE0, 3600, H264_P).bytes());
        assertEquals(2, frames.size());
        assertEquals(Codec.H264, frames.get(0).codec());
        assertEquals(Codec.H264, frames.get(1).codec());
        assertTrue(frames.get(0).keyFrame());
        assertArrayEquals(hex("6742001eabcd"), frames.get(0).sps());
        assertArrayEquals(hex("68ce3c80"), frames.get(0).pps());
        assertNull(frames.get(0).vps());
    }

    @Test
    void without_a_map_h265_is_recognised_from_its_nal_units() {
        demux(new PsBuilder().pack(0).pes(0xE0, 0, H265_KEY).pack(3600).pes(0xE0, 3600, H265_P).bytes());
        assertEquals(Codec.H265, frames.get(0).codec());
        assertEquals(Codec.H265, frames.get(1).codec());
    }

    @Test
    void an_access_unit_cut_into_several_pes_is_joined_until_a_new_pts() {
        // Hikvision: only the first PES of a frame has a PTS.
        byte[] first = new byte[] {0, 0, 0, 1, 0x65, 1, 2};
        byte[] second = new byte[] {3, 4, 5};
        byte[] third = new byte[] {6, 7};
        demux(new PsBuilder().pack(0).psm(0x1B, 0xE0).pes(0xE0, 9000, first).pes(0xE0, -1, second)
                .privateStream1(hex("484b0102")).pes(0xE0, -1, third)
                .pack(3600).pes(0xE0, 12600, H264_P).bytes());
        assertEquals(2, frames.size());
        assertArrayEquals(hex("00000001 65010203 04050607"), frames.get(0).data());
        assertEquals(9000, frames.get(0).pts());
        assertTrue(frames.get(0).keyFrame());
        assertArrayEquals(H264_P, frames.get(1).data());
    }

    @Test
    void video_pes_of_length_zero_runs_to_the_next_pack() {
        demux(new PsBuilder().pack(0).psm(0x1B, 0xE0).unboundedPes(0xE0, 0, H264_KEY)
                .pack(3600).unboundedPes(0xE0, 3600, H264_P).pack(7200).unboundedPes(0xE0, 7200, H264_P).bytes());
        assertEquals(3, frames.size());
        assertArrayEquals(H264_KEY, frames.get(0).data());
        assertArrayEquals(H264_P, frames.get(1).data());
        assertArrayEquals(H264_P, frames.get(2).data());
    }

    @Test
    void unbounded_pes_split_across_feeds_at_every_position_gives_the_same_frames() {
        byte[] ps = new PsBuilder().pack(0).psm(0x1B, 0xE0).unboundedPes(0xE0, 0, H264_KEY)
                .pack(3600).unboundedPes(0xE0, 3600, H264_P).pack(7200).bytes();
        for (int cut = 0; cut <= ps.length; cut++) {
            List<MediaFrame> got = new ArrayList<>();
            PsDemuxer d = new PsDemuxer(got::add);
            d.feed(ps, 0, cut);
            d.feed(ps, cut, ps.length - cut);
            d.flush();
            assertEquals(2, got.size(), "cut at " + cut);
            assertArrayEquals(H264_KEY, got.get(0).data(), "cut at " + cut);
            assertArrayEquals(H264_P, got.get(1).data(), "cut at " + cut);
            assertEquals(0, d.stats().resyncs());
        }
    }

    @Test
    void pts_and_dts_are_both_read() {
        demux(new PsBuilder().pack(0).pes(0xE0, 0x1_2345_6789L, 0x1_2345_0000L, H264_KEY, false).bytes());
        assertEquals(0x1_2345_6789L, frames.get(0).pts());
        assertEquals(0x1_2345_0000L, frames.get(0).dts());
    }

    @Test
    void a_pes_with_only_a_pts_has_its_dts_equal_to_it() {
        demux(new PsBuilder().pack(0).pes(0xE0, 3600, H264_KEY).bytes());
        assertEquals(3600, frames.get(0).dts());
    }

    @Test
    void mpeg1_pack_headers_are_tolerated() {
        demux(new PsBuilder().mpeg1Pack(0).pes(0xE0, 0, H264_KEY).mpeg1Pack(3600).pes(0xE0, 3600, H264_P).bytes());
        assertEquals(2, frames.size());
        assertEquals(2, demuxer.stats().packs());
        assertEquals(3600, demuxer.lastScr());
        assertEquals(0, demuxer.stats().resyncs());
    }

    @Test
    void g711a_audio_is_one_frame_per_pes_beside_the_video() {
        byte[] alaw = new byte[160];
        java.util.Arrays.fill(alaw, (byte) 0xD5);
        demux(new PsBuilder().pack(0).psm(0x1B, 0xE0, 0x90, 0xC0).pes(0xE0, 0, H264_KEY).pes(0xC0, 0, alaw)
                .pack(3600).pes(0xE0, 3600, H264_P).pes(0xC0, 1800, alaw).bytes());
        List<MediaFrame> audio = frames.stream().filter(f -> f.codec() == Codec.G711A).toList();
        assertEquals(2, audio.size());
        assertEquals(1800, audio.get(1).pts());
        assertEquals(0xC0, audio.get(0).streamId());
        assertArrayEquals(alaw, audio.get(0).data());
        assertFalse(audio.get(0).isVideo());
        assertEquals(2, demuxer.stats().frames(Codec.H264));
        assertEquals(2, demuxer.stats().frames(Codec.G711A));
    }

    @Test
    void a_frame_over_the_limit_is_dropped_and_counted_and_the_next_one_comes_through() {
        List<MediaFrame> got = new ArrayList<>();
        PsDemuxer small = new PsDemuxer(got::add, 16);
        small.feed(new PsBuilder().pack(0).pes(0xE0, 0, H264_KEY).pack(3600).pes(0xE0, 3600, H264_P)
                .pack(7200).bytes());
        small.flush();
        assertEquals(1, got.size());
        assertArrayEquals(H264_P, got.get(0).data());
        assertEquals(1, small.stats().oversizeFrames());
        assertEquals(1, small.stats().droppedFrames());
    }

    @Test
    void garbage_before_and_between_packs_is_skipped() {
        byte[] garbage = hex("deadbeef 000001 07 0000 01 ff 00");
        demux(new PsBuilder().raw(garbage).pack(0).pes(0xE0, 0, H264_KEY).raw(garbage)
                .pack(3600).pes(0xE0, 3600, H264_P).bytes());
        assertEquals(2, frames.size());
        assertArrayEquals(H264_KEY, frames.get(0).data());
        assertEquals(2, demuxer.stats().resyncs());
        assertEquals(2L * garbage.length, demuxer.stats().skippedBytes());
    }

    @Test
    void noise_alone_yields_nothing_and_does_not_throw() {
        byte[] noise = new byte[200_000];
        new Random(28181).nextBytes(noise);
        for (int off = 0; off < noise.length; off += 1400) {
            demuxer.feed(noise, off, Math.min(1400, noise.length - off));
        }
        demuxer.flush();
        assertTrue(frames.stream().allMatch(f -> f.size() < 70_000), "nothing big made of noise");
        assertTrue(demuxer.stats().skippedBytes() > noise.length * 9L / 10);
    }

    @Test
    void discontinuity_inside_a_pes_drops_its_frame_and_the_pes_that_continue_it() {
        byte[] ps = new PsBuilder().pack(0).pes(0xE0, 0, H264_KEY).pack(3600).pes(0xE0, 3600, H264_P).bytes();
        int cut = ps.length - 3;
        demuxer.feed(ps, 0, cut);
        demuxer.discontinuity();
        // The rest of the frame after the hole, then a continuation PES without PTS, then a new frame.
        demuxer.feed(new PsBuilder().pes(0xE0, -1, hex("0a0b0c")).pack(7200).pes(0xE0, 7200, H264_P).bytes());
        demuxer.flush();
        assertEquals(2, frames.size());
        assertArrayEquals(H264_KEY, frames.get(0).data());
        assertEquals(7200, frames.get(1).pts());
        assertEquals(1, demuxer.stats().droppedFrames());
    }

    @Test
    void discontinuity_between_packs_keeps_the_complete_frame() {
        demuxer.feed(new PsBuilder().pack(0).unboundedPes(0xE0, 0, H264_KEY).bytes());
        demuxer.discontinuity();
        demuxer.feed(new PsBuilder().pack(7200).unboundedPes(0xE0, 7200, H264_P).bytes());
        demuxer.flush();
        assertEquals(2, frames.size());
        assertArrayEquals(H264_KEY, frames.get(0).data());
        assertEquals(0, demuxer.stats().droppedFrames());
    }

    @Test
    void a_stream_cut_inside_a_header_does_not_throw() {
        byte[] ps = new PsBuilder().pack(0).psm(0x1B, 0xE0).pes(0xE0, 0, H264_KEY).bytes();
        for (int cut = 0; cut < ps.length; cut++) {
            PsDemuxer d = new PsDemuxer(f -> { });
            d.feed(ps, 0, cut);
            d.flush();
        }
    }
}
