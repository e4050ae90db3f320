package io.gbmesh.protocol.fuzz;

/**
 * Failure classes the fuzzer found in code that is being rewritten elsewhere at the same time. Each is
 * tolerated only for the target and the exact class named here, and is still counted and reported as
 * "known"; delete its entry once that rewrite is merged, and the fuzz tests guard it from then on.
 */
final class KnownFindings {

    private KnownFindings() {
    }

    static boolean isKnown(String target, Throwable thrown) {
        return manscdpPrecheckRegexStackOverflow(target, thrown);
    }

    /**
     * KNOWN, being fixed by the rewrite of the MANSCDP pre-check: a body with a processing instruction
     * repeated a few thousand times ({@code <?>} or {@code <??>}) overflows the stack in the root-name
     * regular expression of {@code ManscdpTreeReader} (a backtracking {@code (?:...|<\?.*?\?>|...)*}).
     */
    static boolean manscdpPrecheckRegexStackOverflow(String target, Throwable thrown) {
        if (!target.equals("manscdp") || !(thrown instanceof StackOverflowError)) {
            return false;
        }
        StackTraceElement[] trace = thrown.getStackTrace();
        return trace.length > 0 && trace[0].getClassName().startsWith("java.util.regex.Pattern");
    }
}
