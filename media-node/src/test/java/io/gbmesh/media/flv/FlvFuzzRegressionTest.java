package io.gbmesh.media.flv;

import io.gbmesh.media.fuzz.MediaNodeFuzzTargets;
import io.gbmesh.protocol.fuzz.FuzzRunner;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Inputs the fuzzer found (files under fuzz/regressions), each with the behaviour it broke. */
class FlvFuzzRegressionTest {

    private static final byte[] IDR = {0, 0, 0, 1, 0x65, (byte) 0x88, (byte) 0x84, 0, 0x21};

    @Test
    void aKeyFrameWhoseSpsIsTooShortForTheSequenceHeaderIsNotMuxedAndDoesNotThrow() {
        List<byte[]> tags = new ArrayList<>();
        boolean muxed = new FlvMuxer().frame(new MediaFrame(Codec.H264, 0xE0, 3600, 3600, true, IDR, null,
                new byte[] {0x67}, new byte[] {0x68, (byte) 0xCE, 0x38, (byte) 0x80}), (tag, key, header) -> tags.add(tag));
        assertFalse(muxed);
        assertEquals(0, tags.size());
    }

    @Test
    void anRtpStreamCarryingAOneByteSpsPassesThroughTheStreamProcessAndTheMuxer() throws Throwable {
        try (InputStream in = FlvFuzzRegressionTest.class.getResourceAsStream("/fuzz/regressions/stream-flv/one-byte-sps.bin")) {
            assertNotNull(in);
            FuzzRunner.replay(MediaNodeFuzzTargets.streamProcess(), in.readAllBytes());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
