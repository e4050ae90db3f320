package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Inputs the fuzzer found (files under fuzz/regressions/ps), each with the behaviour it broke. */
class PsFuzzRegressionTest {

    /**
     * Garbage {@code 00 00 00 01 F8 00} (a start code of stream 0xF8, not a sync point) then a sound
     * video PES. Whole, the resync skips the 0xF8 start code and finds the PES; cut between the
     * 00 00 01 and the F8, the resync stopped at that start code and the next feed took it for a
     * 0xF8 stream of length 0, whose skip ran into the PES header and lost the frame.
     */
    @Test
    void aStartCodeFoundWhileResyncingIsJudgedTheSameWhenItsStreamIdArrivesInTheNextFeed() {
        byte[] stream = regression("ps/resync-start-code-cut-before-its-stream-id.bin");
        List<MediaFrame> whole = demux(stream, new int[] {stream.length});
        assertEquals(1, whole.size());
        assertEquals(0xE0, whole.get(0).streamId());
        assertEquals(410_528_839L, whole.get(0).pts());
        assertEquals(7_881_996_258L, whole.get(0).dts());
        assertArrayEquals(new byte[] {0x2A}, whole.get(0).data());

        for (int cut = 1; cut < stream.length; cut++) {
            assertSameFrames(whole, demux(stream, new int[] {cut, stream.length}), "cut at " + cut);
            for (int second = cut + 1; second < stream.length; second++) {
                assertSameFrames(whole, demux(stream, new int[] {cut, second, stream.length}), "cuts at " + cut + ", " + second);
            }
        }
        int[] bytewise = new int[stream.length];
        for (int i = 0; i < stream.length; i++) {
            bytewise[i] = i + 1;
        }
        assertSameFrames(whole, demux(stream, bytewise), "fed byte by byte");
    }

    @Test
    void theResyncIsCountedOnceWithTheSameSkippedBytesHoweverTheStreamIsCut() {
        byte[] stream = regression("ps/resync-start-code-cut-before-its-stream-id.bin");
        for (int cut = 1; cut <= stream.length; cut++) {
            PsDemuxer demuxer = new PsDemuxer(f -> { });
            demuxer.feed(stream, 0, cut);
            demuxer.feed(stream, cut, stream.length - cut);
            demuxer.flush();
            assertEquals(1, demuxer.stats().resyncs(), "cut at " + cut);
            assertEquals(6, demuxer.stats().skippedBytes(), "cut at " + cut);
        }
    }

    private static List<MediaFrame> demux(byte[] stream, int[] cuts) {
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        int from = 0;
        for (int cut : cuts) {
            demuxer.feed(stream, from, cut - from);
            from = cut;
        }
        demuxer.flush();
        return frames;
    }

    private static void assertSameFrames(List<MediaFrame> expected, List<MediaFrame> actual, String how) {
        assertEquals(expected.size(), actual.size(), how);
        for (int i = 0; i < expected.size(); i++) {
            MediaFrame e = expected.get(i);
            MediaFrame a = actual.get(i);
            assertEquals(e.streamId(), a.streamId(), how);
            assertEquals(e.pts(), a.pts(), how);
            assertEquals(e.dts(), a.dts(), how);
            assertEquals(e.codec(), a.codec(), how);
            assertArrayEquals(e.data(), a.data(), how);
        }
    }

    private static byte[] regression(String name) {
        try (InputStream in = PsFuzzRegressionTest.class.getResourceAsStream("/fuzz/regressions/" + name)) {
            assertNotNull(in, "missing regression input " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
