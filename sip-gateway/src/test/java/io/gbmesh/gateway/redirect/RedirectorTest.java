package io.gbmesh.gateway.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.GatewayPresence;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** When a REGISTER is answered 302, and when a device that ignores it is served anyway. */
class RedirectorTest {
    private final List<GatewayPresence> live = new ArrayList<>(List.of(
            new GatewayPresence("gw-a", "127.0.0.1", 5061, 0, 1, 0),
            new GatewayPresence("gw-b", "127.0.0.1", 5062, 0, 1, 0),
            new GatewayPresence("gw-c", "127.0.0.1", 5063, 0, 1, 0)));

    private Redirector on(String self, RedirectPolicy.Mode mode, int tries) {
        return new Redirector(new RedirectSettings(mode, tries, 1, 5000), self, () -> live);
    }

    /** A device whose hash owner is not gw-a. */
    private String deviceOwnedElsewhere() {
        for (int i = 0; ; i++) {
            String id = "3402000000132" + String.format("%07d", i);
            if (!RedirectPolicy.byHash(id, live).nodeId().equals("gw-a")) {
                return id;
            }
        }
    }

    @Test
    void offNeverRedirects() {
        Redirector r = on("gw-a", RedirectPolicy.Mode.OFF, 2);
        assertFalse(r.decide(deviceOwnedElsewhere(), false).redirect());
    }

    @Test
    void aDeviceIsSentToItsOwnerNodeAndServedThere() {
        String device = deviceOwnedElsewhere();
        String owner = RedirectPolicy.byHash(device, live).nodeId();
        Redirector.Decision d = on("gw-a", RedirectPolicy.Mode.HASH, 2).decide(device, false);
        assertTrue(d.redirect());
        assertEquals(owner, d.target().nodeId());
        assertFalse(on(owner, RedirectPolicy.Mode.HASH, 2).decide(device, false).redirect());
    }

    @Test
    void aDeviceThatIgnoresTheRedirectIsServedAfterTheTriesAndStaysServed() {
        Redirector r = on("gw-a", RedirectPolicy.Mode.HASH, 2);
        String device = deviceOwnedElsewhere();
        assertTrue(r.decide(device, false).redirect());
        assertTrue(r.decide(device, false).redirect());
        Redirector.Decision third = r.decide(device, false);
        assertFalse(third.redirect());
        assertTrue(third.servedDespiteRedirect());
        // its refreshes are served here too, not redirected again
        assertFalse(r.decide(device, true).redirect());
    }

    @Test
    void aSingleNodeOrANodeNotYetInTheDirectoryServesEveryone() {
        String device = deviceOwnedElsewhere();
        assertFalse(on("gw-new", RedirectPolicy.Mode.HASH, 2).decide(device, false).redirect());
        live.subList(1, 3).clear();
        assertFalse(on("gw-a", RedirectPolicy.Mode.HASH, 2).decide(device, false).redirect());
    }

    @Test
    void leastLoadedSpreadsNewDevicesAndNeverMovesAServedOne() {
        live.set(0, new GatewayPresence("gw-a", "127.0.0.1", 5061, 10, 1, 0));
        Redirector r = on("gw-a", RedirectPolicy.Mode.LEAST_LOADED, 2);
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            targets.add(r.decide("3402000000132000000" + i, false).target().nodeId());
        }
        assertEquals(List.of("gw-b", "gw-c", "gw-b", "gw-c"), targets);
        assertFalse(r.decide("34020000001320000009", true).redirect());
    }
}
