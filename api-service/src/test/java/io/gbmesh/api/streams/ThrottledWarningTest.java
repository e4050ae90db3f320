package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** A sweep failing every 2 s warns once, then once a minute with the count of the failures not logged. */
class ThrottledWarningTest {
    private static final RuntimeException DOWN = new RuntimeException("the map does not answer");

    @Test
    void theFirstFailureIsLoggedThenOneAMinuteWithTheCountBetween() {
        ThrottledWarning warning = new ThrottledWarning(LoggerFactory.getLogger(ThrottledWarningTest.class), "sweep", 60_000);
        long t0 = 1_000_000;
        assertTrue(warning.failed(DOWN, t0), "the first one");
        int logged = 0;
        for (long t = t0 + 2_000; t < t0 + 60_000; t += 2_000) {
            logged += warning.failed(DOWN, t) ? 1 : 0;
        }
        assertEquals(0, logged, "none more within the minute");
        assertEquals(29, warning.notLogged());
        assertTrue(warning.failed(DOWN, t0 + 60_000), "a minute after the last one logged");
        assertEquals(0, warning.notLogged());
        assertFalse(warning.failed(DOWN, t0 + 62_000));
    }
}
