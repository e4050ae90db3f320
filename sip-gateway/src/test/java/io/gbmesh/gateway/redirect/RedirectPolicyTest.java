package io.gbmesh.gateway.redirect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.GatewayPresence;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which gateway node a device is sent to: balanced, weighted, and stable when nodes come and go. */
class RedirectPolicyTest {
    private static final int DEVICES = 50_000;

    private static GatewayPresence node(String id, double weight) {
        return new GatewayPresence(id, "10.0.0." + Math.abs(id.hashCode() % 250), 5060, 0, weight, 0);
    }

    private static List<GatewayPresence> nodes(int n) {
        List<GatewayPresence> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(node("gw-" + i, 1));
        }
        return out;
    }

    private static String device(int i) {
        return "3402000000132" + String.format("%07d", i);
    }

    private static Map<String, String> assign(List<GatewayPresence> gateways) {
        Map<String, String> owner = new HashMap<>();
        for (int i = 0; i < DEVICES; i++) {
            owner.put(device(i), RedirectPolicy.byHash(device(i), gateways).nodeId());
        }
        return owner;
    }

    private static Map<String, Integer> counts(Map<String, String> owner) {
        Map<String, Integer> counts = new HashMap<>();
        owner.values().forEach(n -> counts.merge(n, 1, Integer::sum));
        return counts;
    }

    @Test
    void consecutiveDeviceIdsSpreadEvenlyOverTheNodes() {
        Map<String, Integer> counts = counts(assign(nodes(5)));
        assertEquals(5, counts.size());
        double mean = DEVICES / 5.0;
        for (int c : counts.values()) {
            assertTrue(Math.abs(c - mean) / mean < 0.05, "a node got " + c + " of " + DEVICES + ": " + counts);
        }
    }

    @Test
    void aNodeOfWeightTwoTakesTwiceTheShare() {
        List<GatewayPresence> gateways = new ArrayList<>(nodes(3));
        gateways.add(node("gw-heavy", 2));
        Map<String, Integer> counts = counts(assign(gateways));
        double unit = DEVICES / 5.0;
        assertTrue(Math.abs(counts.get("gw-heavy") - 2 * unit) / (2 * unit) < 0.05, counts.toString());
    }

    @Test
    void whenANodeJoinsOnlyTheDevicesItTakesMove() {
        Map<String, String> before = assign(nodes(4));
        Map<String, String> after = assign(nodes(5));
        int moved = 0;
        for (var e : before.entrySet()) {
            String now = after.get(e.getKey());
            if (!now.equals(e.getValue())) {
                moved++;
                assertEquals("gw-4", now, "a device moved between two old nodes");
            }
        }
        assertTrue(Math.abs(moved - DEVICES / 5.0) / (DEVICES / 5.0) < 0.05, "moved " + moved);
    }

    @Test
    void whenANodeLeavesOnlyItsDevicesMove() {
        Map<String, String> before = assign(nodes(5));
        List<GatewayPresence> without = new ArrayList<>(nodes(5));
        without.remove(2);
        Map<String, String> after = assign(without);
        for (var e : before.entrySet()) {
            if (!e.getValue().equals("gw-2")) {
                assertEquals(e.getValue(), after.get(e.getKey()), "a device of a node that stayed moved");
            }
        }
    }

    @Test
    void everyNodeComputesTheSameOwnerWhateverTheOrderOfItsList() {
        List<GatewayPresence> gateways = nodes(7);
        List<GatewayPresence> reversed = new ArrayList<>(gateways);
        java.util.Collections.reverse(reversed);
        for (int i = 0; i < 1000; i++) {
            assertEquals(RedirectPolicy.byHash(device(i), gateways), RedirectPolicy.byHash(device(i), reversed));
        }
    }

    @Test
    void leastLoadedCountsWhatWasSentSinceTheCountsWereRead() {
        List<GatewayPresence> gateways = List.of(
                new GatewayPresence("a", "h", 1, 100, 1, 0),
                new GatewayPresence("b", "h", 1, 40, 1, 0),
                new GatewayPresence("c", "h", 1, 70, 2, 0));
        assertEquals("c", RedirectPolicy.leastLoaded(gateways, Map.of()).nodeId());
        assertEquals("b", RedirectPolicy.leastLoaded(gateways, Map.of("c", 20)).nodeId());
    }

    @Test
    void aNodeWithoutWeightIsNeverChosen() {
        List<GatewayPresence> gateways = List.of(node("a", 0), node("b", 1));
        for (int i = 0; i < 100; i++) {
            assertEquals("b", RedirectPolicy.byHash(device(i), gateways).nodeId());
        }
    }

    @Test
    void theModeIsReadFromItsNames() {
        assertEquals(RedirectPolicy.Mode.OFF, RedirectPolicy.Mode.parse("off"));
        assertEquals(RedirectPolicy.Mode.HASH, RedirectPolicy.Mode.parse("hash"));
        assertEquals(RedirectPolicy.Mode.LEAST_LOADED, RedirectPolicy.Mode.parse("least-loaded"));
        assertThrows(IllegalArgumentException.class, () -> RedirectPolicy.Mode.parse("random"));
    }
}
