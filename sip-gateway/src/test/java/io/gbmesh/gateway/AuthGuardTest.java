package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.AuthBan;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The brute-force guard on its own, driven by a clock the test holds. */
class AuthGuardTest {
    private static final String DEVICE = "34020000001320000001";
    private static final AuthSettings SETTINGS = new AuthSettings(true, 5, 300, 600);

    private long now = 1_000_000;
    private final AuthGuard guard = new AuthGuard(SETTINGS, "gw-1");

    private List<AuthBan> fail(String device, String source) {
        return guard.failed(device, source, now);
    }

    @Test
    void theFifthFailureWithinTheWindowBansTheSourceAndTheDevice() {
        for (int i = 0; i < 4; i++) {
            assertTrue(fail(DEVICE, "10.0.0.1").isEmpty());
            now += 10_000;
        }
        assertTrue(guard.refusal(DEVICE, "10.0.0.1", false, now).isEmpty());
        List<AuthBan> begun = fail(DEVICE, "10.0.0.1");
        assertEquals(2, begun.size());
        AuthBan source = begun.get(0);
        assertEquals(AuthBan.SOURCE, source.kind());
        assertEquals("10.0.0.1", source.value());
        assertEquals(5, source.failures());
        assertEquals(now + 600_000, source.untilMillis());
        assertEquals("gw-1", source.gatewayNode());
        assertEquals(AuthBan.DEVICE, begun.get(1).kind());
        assertEquals(AuthBan.SOURCE, guard.refusal(DEVICE, "10.0.0.1", false, now).orElseThrow().kind());
        // another device from the banned source, and the banned device from another source
        assertTrue(guard.refusal("34020000001320000002", "10.0.0.1", false, now).isPresent());
        assertEquals(AuthBan.DEVICE, guard.refusal(DEVICE, "10.0.0.9", false, now).orElseThrow().kind());
        assertEquals(2, guard.activeBans(now));
        assertEquals(3, guard.refusals());
    }

    @Test
    void aBannedDeviceIdDoesNotLockOutTheDeviceAtItsRegisteredAddress() {
        // five guesses for the ID from five other sources ban the ID...
        for (int i = 0; i < 5; i++) {
            fail(DEVICE, "10.0.1." + i);
        }
        assertEquals(AuthBan.DEVICE, guard.refusal(DEVICE, "10.0.0.9", false, now).orElseThrow().kind());
        // ...but the device refreshing from the address it is registered at is not refused
        assertTrue(guard.refusal(DEVICE, "10.0.0.9", true, now).isEmpty());
        // while a banned source stays refused even there
        for (int i = 0; i < 5; i++) {
            fail("3402000000132000009" + i, "10.0.2.1");
        }
        assertEquals(AuthBan.SOURCE, guard.refusal(DEVICE, "10.0.2.1", true, now).orElseThrow().kind());
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        for (int i = 0; i < 10; i++) {
            assertTrue(fail(DEVICE, "10.0.0.2").isEmpty(), "failure " + i);
            now += 76_000; // five failures always span more than 300 s
        }
        assertTrue(guard.refusal(DEVICE, "10.0.0.2", false, now).isEmpty());
    }

    @Test
    void aBanEndsAfterTheBanTime() {
        for (int i = 0; i < 5; i++) {
            fail(DEVICE, "10.0.0.3");
        }
        now += 599_999;
        assertTrue(guard.refusal(DEVICE, "10.0.0.3", false, now).isPresent());
        now += 1;
        assertTrue(guard.refusal(DEVICE, "10.0.0.3", false, now).isEmpty());
        assertEquals(0, guard.activeBans(now));
        // and the count starts again from nothing
        assertTrue(fail(DEVICE, "10.0.0.3").isEmpty());
    }

    @Test
    void aLiftedBanIsGoneWithItsFailures() {
        for (int i = 0; i < 5; i++) {
            fail(DEVICE, "10.0.0.4");
        }
        assertTrue(guard.lift(AuthBan.SOURCE, "10.0.0.4"));
        assertTrue(guard.lift(AuthBan.DEVICE, DEVICE));
        assertFalse(guard.lift(AuthBan.DEVICE, DEVICE));
        assertTrue(guard.refusal(DEVICE, "10.0.0.4", false, now).isEmpty());
        assertTrue(fail(DEVICE, "10.0.0.4").isEmpty());
    }

    @Test
    void manyDevicesFromOneSourceBanTheSourceOnly() {
        for (int i = 0; i < 5; i++) {
            List<AuthBan> begun = fail("3402000000132000010" + i, "10.0.0.5");
            assertEquals(i == 4 ? List.of(AuthBan.SOURCE) : List.of(), begun.stream().map(AuthBan::kind).toList());
        }
    }

    @Test
    void oneDeviceFromManySourcesBansTheDeviceOnly() {
        for (int i = 0; i < 5; i++) {
            List<AuthBan> begun = fail(DEVICE, "10.0.1." + i);
            assertEquals(i == 4 ? List.of(AuthBan.DEVICE) : List.of(), begun.stream().map(AuthBan::kind).toList());
        }
    }

    @Test
    void aSuccessClearsTheDevicesCountButNotTheSources() {
        for (int i = 0; i < 4; i++) {
            fail(DEVICE, "10.0.0.6");
        }
        guard.succeeded(DEVICE);
        List<AuthBan> begun = fail(DEVICE, "10.0.0.6");
        assertEquals(List.of(AuthBan.SOURCE), begun.stream().map(AuthBan::kind).toList());
    }

    @Test
    void aNonceIsSpentAfterThreeWrongResponses() {
        String nonce = "0123456789abcdef";
        for (int i = 0; i < AuthGuard.NONCE_MAX_FAILURES; i++) {
            assertFalse(guard.nonceSpent(nonce));
            guard.nonceFailed(nonce);
        }
        assertTrue(guard.nonceSpent(nonce));
        assertFalse(guard.nonceSpent("another"));
    }

    @Test
    void noBansWhenMaxFailuresIsZero() {
        AuthGuard off = new AuthGuard(new AuthSettings(true, 0, 300, 600), "gw-1");
        for (int i = 0; i < 100; i++) {
            assertTrue(off.failed(DEVICE, "10.0.0.7", now).isEmpty());
        }
        assertTrue(off.refusal(DEVICE, "10.0.0.7", false, now).isEmpty());
    }

    @Test
    void aFloodOfSourcesKeepsTheTablesWithinTheirCap() {
        AuthGuard small = new AuthGuard(new AuthSettings(true, 2, 300, 600), "gw-1", 100);
        for (int i = 0; i < 100_000; i++) {
            small.failed("340200000013200" + String.format("%05d", i % 100_000), "src-" + i, now);
            small.failed("340200000013200" + String.format("%05d", i % 100_000), "src-" + i, now);
            small.nonceFailed("nonce-" + i);
        }
        // every source and device was banned once; only the most recent ones are still held
        assertEquals(200_000, small.bansBegun());
        assertTrue(small.activeBans(now) <= 200, "bans held: " + small.activeBans(now));
        assertTrue(small.refusal("3402000000132000" + "0000", "src-0", false, now).isEmpty(), "the oldest were evicted");
        assertTrue(small.refusal("34020000001320099999", "src-99999", false, now).isPresent(), "the newest are held");
        assertFalse(small.nonceSpent("nonce-0"));
    }
}
