package io.gbmesh.media.fuzz;

import io.gbmesh.protocol.fuzz.FuzzAssertions;
import io.gbmesh.protocol.fuzz.FuzzReport;
import io.gbmesh.protocol.fuzz.FuzzRunner;
import io.gbmesh.protocol.fuzz.FuzzTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The media node's muxing, fuzzed with gb-protocol's mutator: mutants of the real PS capture (and of
 * it as RTP over TCP) never make the demux → FLV path throw, and no input is slow.
 */
class MediaNodeFuzzTest {

    private static final int MUTANTS = 2_000;
    private static final long SEED = 20_261_130L;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void psMutantsNeverBreakTheFlvMuxer() {
        FuzzTarget target = MediaNodeFuzzTargets.flv();
        FuzzReport report = FuzzAssertions.assertRobust(target, MUTANTS, SEED);
        assertEquals(MUTANTS + target.seeds().size(), report.inputs());
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void rtpMutantsNeverBreakTheStreamProcessOrTheFlvMuxer() {
        FuzzTarget target = MediaNodeFuzzTargets.streamProcess();
        FuzzReport report = FuzzAssertions.assertRobust(target, MUTANTS, SEED);
        assertEquals(MUTANTS + target.seeds().size(), report.inputs());
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void psMutantsNeverBreakTheFlvOrMp4MuxerOfAnyCodec() {
        FuzzTarget target = MediaNodeFuzzTargets.containers();
        FuzzReport report = FuzzAssertions.assertRobust(target, MUTANTS, SEED);
        assertEquals(MUTANTS + target.seeds().size(), report.inputs());
    }

    @Test
    void everyRecordedFindingStaysFixed() {
        int replayed = FuzzAssertions.replayRegressions(MediaNodeFuzzTest.class, MediaNodeFuzzTargets.flv())
                + FuzzAssertions.replayRegressions(MediaNodeFuzzTest.class, MediaNodeFuzzTargets.streamProcess());
        assertTrue(replayed > 0, "no regression inputs found under fuzz/regressions");
    }

    @Test
    void theCaptureItselfPassesWithoutRejection() {
        for (FuzzTarget target : new FuzzTarget[] {MediaNodeFuzzTargets.flv(), MediaNodeFuzzTargets.streamProcess(),
                MediaNodeFuzzTargets.containers()}) {
            FuzzReport report = FuzzRunner.run(target, 0, SEED, 1);
            assertTrue(report.inputs() > 0);
            assertEquals(0, report.failures() + report.rejected(), target.name());
        }
    }
}
