package io.gbmesh.protocol.fuzz;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every codec of gb-protocol, fuzzed: a bounded number of deterministic mutants of the real vectors
 * each either parse or are refused with the codec's typed exception, stream codecs give the same
 * output however the stream is cut, and no input is slow. {@code bench/fuzz.sh} runs millions.
 */
class ProtocolFuzzTest {

    /** Mutants per codec: the whole fuzz run of the suite stays within seconds. */
    private static final int MUTANTS = 2_000;
    private static final long SEED = 20_261_130L;

    static Stream<Arguments> targets() {
        return ProtocolFuzzTargets.all().stream().map(target -> Arguments.of(target.name(), target));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void anyMutantIsParsedOrRefusedWithTheTypedException(String name, FuzzTarget target) {
        FuzzReport report = FuzzAssertions.assertRobust(target, MUTANTS, SEED);
        assertEquals(MUTANTS + target.seeds().size(), report.inputs());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("targets")
    void theRealVectorsAreAccepted(String name, FuzzTarget target) {
        FuzzReport report = FuzzRunner.run(target, 0, SEED, 1);
        assertTrue(report.inputs() > 0);
        assertEquals(0, report.failures());
        assertEquals(0, report.rejected(), target.name() + " refuses one of its own seeds");
    }

    @Test
    void everyRecordedFindingStaysFixed() {
        int replayed = 0;
        for (FuzzTarget target : ProtocolFuzzTargets.all()) {
            replayed += FuzzAssertions.replayRegressions(ProtocolFuzzTest.class, target);
        }
        assertTrue(replayed > 0, "no regression inputs found under fuzz/regressions");
    }
}
