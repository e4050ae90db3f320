package io.gbmesh.media.flv;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.viewer.ViewerChannel;
import io.gbmesh.protocol.media.MediaFrame;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlvFanOutTest {

    /** A viewer that keeps what it is sent; its queue can be made full. */
    static final class RecordingViewer implements ViewerChannel {
        final List<Buffer> writes = new ArrayList<>();
        boolean full;
        boolean closed;

        @Override
        public boolean writeQueueFull() {
            return full;
        }

        @Override
        public void write(Buffer data) {
            writes.add(data);
        }

        @Override
        public void close() {
            closed = true;
        }

        /** The video tag bytes at index {@code i} (0 is the FLV header). */
        int frameType(int i) {
            return (writes.get(i).getByte(11) & 0xF0) >> 4;
        }

        int avcPacketType(int i) {
            return writes.get(i).getByte(12);
        }
    }

    @Test
    void two_viewers_get_the_same_bytes_from_one_mux() {
        FlvFanOut fanOut = new FlvFanOut();
        RecordingViewer a = new RecordingViewer();
        RecordingViewer b = new RecordingViewer();
        fanOut.addViewer(a);
        fanOut.addViewer(b);
        List<MediaFrame> frames = Capture.frames(3);
        frames.forEach(fanOut::frame);
        assertEquals(frames.size() + 2, a.writes.size(), "header, sequence header, one tag per frame");
        for (int i = 0; i < a.writes.size(); i++) {
            assertArrayEquals(a.writes.get(i).getBytes(), b.writes.get(i).getBytes());
        }
        assertEquals(frames.size() + 1, fanOut.tags(), "muxed once for both");
    }

    @Test
    void a_late_viewer_starts_with_the_sequence_header_and_the_last_key_frame() {
        FlvFanOut fanOut = new FlvFanOut();
        List<MediaFrame> frames = Capture.frames(6);
        int lastKey = 0;
        int half = frames.size() / 2;
        for (int i = 0; i < half; i++) {
            fanOut.frame(frames.get(i));
            if (frames.get(i).keyFrame()) {
                lastKey = i;
            }
        }
        RecordingViewer late = new RecordingViewer();
        fanOut.addViewer(late);
        assertArrayEquals(FlvMuxer.header(), late.writes.get(0).getBytes());
        assertEquals(0, late.avcPacketType(1), "sequence header first");
        assertEquals(1, late.frameType(2), "then a key frame");
        assertEquals(half - lastKey + 2, late.writes.size(), "the GOP so far");
        frames.subList(half, frames.size()).forEach(fanOut::frame);
        assertEquals(frames.size() - lastKey + 2, late.writes.size());
    }

    @Test
    void a_viewer_before_any_key_frame_waits_for_one() {
        FlvFanOut fanOut = new FlvFanOut();
        RecordingViewer early = new RecordingViewer();
        List<MediaFrame> frames = Capture.frames(6);
        int firstKeyAfterStart = 1;
        while (!frames.get(firstKeyAfterStart).keyFrame()) {
            firstKeyAfterStart++;
        }
        fanOut.addViewer(early);
        // The stream is joined mid-GOP: frames before the next key frame cannot be decoded.
        frames.subList(1, frames.size()).forEach(fanOut::frame);
        assertEquals(0, early.avcPacketType(1));
        assertEquals(1, early.frameType(2));
        assertEquals(frames.size() - firstKeyAfterStart + 2, early.writes.size());
    }

    @Test
    void a_slow_viewer_is_dropped_and_the_others_go_on() {
        FlvFanOut fanOut = new FlvFanOut();
        RecordingViewer fast = new RecordingViewer();
        RecordingViewer slow = new RecordingViewer();
        fanOut.addViewer(fast);
        fanOut.addViewer(slow);
        List<MediaFrame> frames = Capture.frames(2);
        fanOut.frame(frames.get(0));
        slow.full = true;
        frames.subList(1, frames.size()).forEach(fanOut::frame);
        assertTrue(slow.closed);
        assertFalse(fast.closed);
        assertEquals(1, fanOut.droppedViewers());
        assertEquals(1, fanOut.viewers());
        assertEquals(frames.size() + 2, fast.writes.size());
    }
}
