package io.gbmesh.media.stream;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The capture replayed through a stream process into sinks attached and detached while it runs. */
class StreamSinksTest {

    private static final long SSRC = 100000001L;

    /** A sink that keeps its frames and whether it was closed. */
    private static final class Kept implements StreamSink {
        final List<MediaFrame> frames = new ArrayList<>();
        boolean closed;

        @Override
        public void frame(MediaFrame frame) {
            frames.add(frame);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static void replay(StreamProcess p, List<Capture.Packet> packets) {
        for (Capture.Packet packet : packets) {
            byte[] copy = packet.bytes().clone();
            p.rtp(copy, 0, copy.length, 0);
        }
    }

    @Test
    void a_sink_attached_from_the_key_frame_mid_stream_starts_with_the_last_key_frame_and_misses_nothing_after() {
        StreamSinks sinks = new StreamSinks();
        Kept first = new Kept();
        sinks.attach(first);
        StreamProcess p = new StreamProcess(SSRC, 1000, sinks);
        List<Capture.Packet> packets = Capture.rtp(SSRC, 6);
        int half = packets.size() / 2;
        replay(p, packets.subList(0, half));
        Kept late = new Kept();
        sinks.attachFromKeyFrame(late);
        replay(p, packets.subList(half, packets.size()));
        p.flush();

        assertEquals(Capture.frames(6).size(), first.frames.size(), "the first sink got every frame");
        assertTrue(late.frames.get(0).isVideo() && late.frames.get(0).keyFrame(), "the late sink starts at a key frame");
        MediaFrame lastKey = null;
        int lastKeyIndex = -1;
        for (int i = 0; i < first.frames.size(); i++) {
            MediaFrame f = first.frames.get(i);
            if (f.keyFrame() && f.isVideo() && late.frames.contains(f)) {
                lastKey = f;
                lastKeyIndex = i;
                break;
            }
        }
        assertSame(lastKey, late.frames.get(0));
        assertEquals(first.frames.subList(lastKeyIndex, first.frames.size()), late.frames,
                "from that key frame on, the same frames as the first sink");
    }

    @Test
    void a_detached_sink_is_closed_and_gets_no_more_frames() {
        StreamSinks sinks = new StreamSinks();
        Kept kept = new Kept();
        sinks.attach(kept);
        StreamProcess p = new StreamProcess(SSRC, 1000, sinks);
        List<Capture.Packet> packets = Capture.rtp(SSRC, 4);
        replay(p, packets.subList(0, packets.size() / 2));
        int before = kept.frames.size();
        assertTrue(sinks.detach(kept));
        assertTrue(kept.closed);
        replay(p, packets.subList(packets.size() / 2, packets.size()));
        assertEquals(before, kept.frames.size());
        assertFalse(sinks.detach(kept), "detached once");
    }

    @Test
    void a_sink_that_throws_is_detached_and_the_others_go_on() {
        StreamSinks sinks = new StreamSinks();
        Kept healthy = new Kept();
        boolean[] closed = {false};
        sinks.attach(new StreamSink() {
            @Override
            public void frame(MediaFrame frame) {
                throw new IllegalStateException("a muxer bug");
            }

            @Override
            public void close() {
                closed[0] = true;
            }
        });
        sinks.attach(healthy);
        StreamProcess p = new StreamProcess(SSRC, 1000, sinks);
        replay(p, Capture.rtp(SSRC, 2));
        p.flush();
        assertEquals(1, sinks.failed());
        assertTrue(closed[0]);
        assertEquals(1, sinks.attached().size());
        assertEquals(Capture.frames(2).size(), healthy.frames.size());
    }

    @Test
    void closing_the_sinks_closes_every_sink_and_only_holding_sinks_keep_the_stream() {
        StreamSinks sinks = new StreamSinks();
        Kept push = new Kept();
        StreamSink idleViewers = new StreamSink() {
            @Override
            public void frame(MediaFrame frame) {
            }

            @Override
            public boolean holdsStream() {
                return false;
            }
        };
        sinks.attach(idleViewers);
        assertFalse(sinks.holdsStream());
        sinks.attach(push);
        assertTrue(sinks.holdsStream());
        sinks.close();
        assertTrue(push.closed);
        assertTrue(sinks.attached().isEmpty());
    }
}
