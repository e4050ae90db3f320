package io.gbmesh.media.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

class TimestampRebaserTest {
    private static MediaFrame video(long dts) {
        return MediaFrame.of(Codec.H264, 0xE0, dts, dts, false, new byte[] {1});
    }

    @Test
    void aRunOfFramesPassesUnchanged() {
        TimestampRebaser r = new TimestampRebaser();
        MediaFrame f = video(1000);
        assertSame(f, r.apply(f));
        assertEquals(4600, r.apply(video(4600)).dts());
        assertEquals(0, r.jumps());
    }

    @Test
    void aSeekBackOrFarForwardContinuesOneFrameAfterTheLast() {
        TimestampRebaser r = new TimestampRebaser();
        r.apply(video(900_000));
        r.apply(video(903_600));
        assertEquals(907_200, r.apply(video(10)).dts(), "back: one frame later");
        assertEquals(910_800, r.apply(video(3610)).dts(), "the run after it keeps its steps");
        assertEquals(914_400, r.apply(video(50_000_000)).dts(), "forward by far: one frame later");
        MediaFrame audio = MediaFrame.of(Codec.G711A, 0xC0, 50_001_000, -1, false, new byte[] {1});
        assertEquals(915_400, r.apply(audio).pts(), "audio moves with the video");
        assertEquals(2, r.jumps());
    }

    @Test
    void outputIsMonotonicWhateverComes() {
        TimestampRebaser r = new TimestampRebaser();
        long last = -1;
        long[] input = {0, 3600, 7200, 100, 3700, 9_000_000, 9_003_600, 5, 3605};
        for (long dts : input) {
            long out = r.apply(video(dts)).dts();
            assertTrue(out > last, out + " after " + last);
            last = out;
        }
    }
}
