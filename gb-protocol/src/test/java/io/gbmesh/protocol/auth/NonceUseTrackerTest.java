package io.gbmesh.protocol.auth;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonceUseTrackerTest {

    static final Duration LIFETIME = Duration.ofMinutes(5);
    static final long NOW = 1_745_290_118_000L;

    private final NonceUseTracker tracker = new NonceUseTracker(LIFETIME, 1_000);

    @Test
    void noQopNonceIsGoodForOneUse() {
        assertTrue(tracker.recordUse("n1", NOW, NonceUseTracker.NO_QOP, NOW));
        assertFalse(tracker.recordUse("n1", NOW, NonceUseTracker.NO_QOP, NOW + 10));
    }

    @Test
    void qopNonceCountMustIncrease() {
        assertTrue(tracker.recordUse("n1", NOW, 1, NOW));
        assertTrue(tracker.recordUse("n1", NOW, 2, NOW));
        assertFalse(tracker.recordUse("n1", NOW, 2, NOW));
        assertFalse(tracker.recordUse("n1", NOW, 1, NOW));
        assertTrue(tracker.recordUse("n1", NOW, 5, NOW));
    }

    @Test
    void nonceUsedWithoutQopCannotBeReusedWithQopNorTheOtherWay() {
        assertTrue(tracker.recordUse("n1", NOW, NonceUseTracker.NO_QOP, NOW));
        assertFalse(tracker.recordUse("n1", NOW, 7, NOW));
        assertTrue(tracker.recordUse("n2", NOW, 1, NOW));
        assertFalse(tracker.recordUse("n2", NOW, NonceUseTracker.NO_QOP, NOW));
    }

    @Test
    void distinctNoncesAreIndependent() {
        assertTrue(tracker.recordUse("n1", NOW, NonceUseTracker.NO_QOP, NOW));
        assertTrue(tracker.recordUse("n2", NOW, NonceUseTracker.NO_QOP, NOW));
    }

    @Test
    void sizeStaysWithinTheCapWhenInsertingBeyondIt() {
        for (int i = 0; i < 5_000; i++) {
            tracker.recordUse("nonce-" + i, NOW, NonceUseTracker.NO_QOP, NOW);
        }
        assertTrue(tracker.size() <= 1_000, "size " + tracker.size());
        assertTrue(tracker.size() >= 900, "size " + tracker.size());
    }

    @Test
    void evictionDoesNotReopenTheReplayWindowOfOlderNonces() {
        for (int i = 0; i < 5_000; i++) {
            tracker.recordUse("nonce-" + i, NOW, NonceUseTracker.NO_QOP, NOW);
        }
        // Some of the early entries were evicted; none of them is accepted a second time.
        for (int i = 0; i < 5_000; i++) {
            assertFalse(tracker.recordUse("nonce-" + i, NOW, NonceUseTracker.NO_QOP, NOW + 1), "nonce-" + i);
        }
        assertTrue(tracker.recordUse("newer", NOW + 1_000, NonceUseTracker.NO_QOP, NOW + 1_000));
    }

    @Test
    void expiredEntriesArePurged() {
        NonceUseTracker tracker = new NonceUseTracker(LIFETIME, 100_000);
        for (int i = 0; i < 500; i++) {
            tracker.recordUse("nonce-" + i, NOW, NonceUseTracker.NO_QOP, NOW);
        }
        assertEquals(500, tracker.size());
        tracker.purgeExpired(NOW + LIFETIME.toMillis());
        assertEquals(500, tracker.size());
        tracker.purgeExpired(NOW + LIFETIME.toMillis() + 1);
        assertEquals(0, tracker.size());
    }

    @Test
    void expiredEntriesArePurgedAsTheTrackerIsUsed() {
        NonceUseTracker small = new NonceUseTracker(LIFETIME, 1);
        assertTrue(small.recordUse("old", NOW, NonceUseTracker.NO_QOP, NOW));
        long later = NOW + LIFETIME.toMillis() + 1;
        assertTrue(small.recordUse("new", later, NonceUseTracker.NO_QOP, later));
        assertEquals(1, small.size());
    }

    @Test
    void trackerOfDefaultCapacityAcceptsOneMillionDistinctUses() {
        NonceUseTracker big = new NonceUseTracker(LIFETIME);
        for (int i = 0; i < NonceUseTracker.DEFAULT_MAX_ENTRIES + 10_000; i++) {
            big.recordUse("nonce-" + i, NOW, NonceUseTracker.NO_QOP, NOW);
        }
        assertTrue(big.size() <= NonceUseTracker.DEFAULT_MAX_ENTRIES);
    }
}
