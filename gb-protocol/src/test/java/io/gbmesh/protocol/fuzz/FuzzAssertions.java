package io.gbmesh.protocol.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** What the fuzz tests of every module assert on a run, and the regression inputs they replay. */
public final class FuzzAssertions {

    /**
     * No input may take this long even at its fastest of several runs: far above the normal cost
     * (microseconds to a millisecond, more on a loaded build machine), below what a backtracking
     * or quadratic bomb costs. {@code bench/fuzz.sh} reports the real figures.
     */
    public static final long SLOWEST_ALLOWED_MILLIS = 1_000;

    private FuzzAssertions() {
    }

    /** Runs {@code mutants} mutants of the target and fails on any uncaught Throwable or too slow an input. */
    public static FuzzReport assertRobust(FuzzTarget target, long mutants, long seed) {
        FuzzReport report = FuzzRunner.run(target, mutants, seed, 3);
        if (report.failures() > 0) {
            FuzzReport.Finding first = report.firstFailures().get(0);
            AssertionError error = new AssertionError(report.failures() + " inputs of " + report.inputs() + " to "
                    + target.name() + " threw " + first.signature() + "; first at mutant " + first.iteration()
                    + " (seed " + seed + "), minimised input: "
                    + printable(Minimizer.minimize(target, first.input(), 5_000)));
            error.initCause(first.thrown());
            throw error;
        }
        FuzzReport.Timed slowest = FuzzBench.retimeSlowest(target, report, 3, 3);
        assertTrue(slowest.nanos() < SLOWEST_ALLOWED_MILLIS * 1_000_000,
                () -> target.name() + " took " + slowest.nanos() / 1e6 + " ms on " + printable(slowest.input()));
        return report;
    }

    /** Replays every file of {@code fuzz/regressions/<target>/} on the classpath of {@code anchor}'s module. */
    public static int replayRegressions(Class<?> anchor, FuzzTarget target) {
        URL dir = anchor.getResource("/fuzz/regressions/" + target.name());
        if (dir == null) {
            return 0;
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(Path.of(dir.toURI()))) {
            files = list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        for (Path file : files) {
            try {
                FuzzRunner.replay(target, Files.readAllBytes(file));
            } catch (Throwable t) {
                fail(target.name() + " regression " + file.getFileName() + " fails again: " + t, t);
            }
        }
        return files.size();
    }

    /** The input as text with control and non-ASCII bytes escaped, cut at 2,000 characters. */
    public static String printable(byte[] input) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < input.length && sb.length() < 2_000; i++) {
            int b = input[i] & 0xFF;
            if (b >= 0x20 && b < 0x7F && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb + (input.length > 0 && sb.length() >= 2_000 ? "... (" + input.length + " bytes)" : "");
    }
}
