package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The byte-ring store of completed responses against a plain model: a map and a queue in arrival order. */
class CompletedResponsesTest {

    private record Kept(String key, int status, byte[] wire, String host, int port, long at) {
    }

    /** What the store must hold: by key, oldest first, evicting the oldest beyond {@code max}. */
    private static final class Model {
        final Map<String, Kept> byKey = new HashMap<>();
        final ArrayDeque<Kept> order = new ArrayDeque<>();
        final int max;
        final long retention;
        int evicted;

        Model(int max, long retention) {
            this.max = max;
            this.retention = retention;
        }

        void expire(long now) {
            while (!order.isEmpty() && order.peekFirst().at() + retention <= now) {
                byKey.remove(order.pollFirst().key());
            }
        }

        void add(Kept k) {
            expire(k.at());
            if (order.size() >= max) {
                byKey.remove(order.pollFirst().key());
                evicted++;
            }
            byKey.put(k.key(), k);
            order.addLast(k);
        }
    }

    @Test
    void itKeepsWhatAMapWouldAcrossGrowthWrapsExpiryAndEviction() {
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            int max = 1 + random.nextInt(600);
            long retention = 50 + random.nextInt(500);
            AtomicInteger evictions = new AtomicInteger();
            CompletedResponses store = new CompletedResponses(max, retention, evictions::incrementAndGet);
            Model model = new Model(max, retention);
            List<String> seen = new ArrayList<>();
            long now = 0;
            for (int i = 0; i < 20_000; i++) {
                now += random.nextInt(3);
                int op = random.nextInt(10);
                if (op < 6) {
                    String key = "z9hG4bK" + Long.toHexString(random.nextLong()) + "|REGISTER|10.0.0." + random.nextInt(255) + ":5060";
                    byte[] wire = new byte[20 + random.nextInt(700)];
                    random.nextBytes(wire);
                    String host = random.nextInt(20) == 0 ? null : "192.168.1." + random.nextInt(255);
                    Kept k = new Kept(key, 200 + random.nextInt(400), wire, host, random.nextInt(65536), now);
                    store.add(key, k.status(), wire, host, k.port(), now);
                    model.add(k);
                    seen.add(key);
                } else if (op < 9 && !seen.isEmpty()) {
                    String key = seen.get(seen.size() - 1 - random.nextInt(Math.min(seen.size(), 2 * max + 10)));
                    Kept want = model.byKey.get(key);
                    CompletedResponses.Completed got = store.find(key);
                    if (want == null) {
                        assertNull(got, "kept what the model forgot");
                    } else {
                        assertNotNull(got, "lost what the model keeps");
                        assertEquals(want.status(), got.statusCode());
                        assertArrayEquals(want.wire(), got.wire());
                        assertEquals(want.host(), got.host());
                        assertEquals(want.port(), got.port());
                    }
                } else {
                    store.expire(now);
                    model.expire(now);
                }
                assertTrue(store.size() <= max, "more than the cap");
            }
            // responses under 1 KiB: the ring never runs out before the cap on entries does
            for (Kept k : model.order) {
                assertNotNull(store.find(k.key()), "lost a response the model keeps, round " + round);
            }
            assertEquals(model.order.size(), store.size());
            assertEquals(model.evicted, evictions.get());
        }
    }

    @Test
    void aResponseLeavesAfterItsRetentionAndAnUnknownKeyFindsNothing() {
        CompletedResponses store = new CompletedResponses(10, 100, () -> { });
        store.add("a", 200, "SIP/2.0 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII), "127.0.0.1", 5060, 1000);

        assertTrue(store.contains("a"));
        assertFalse(store.contains("b"));
        assertNull(store.find("ab"));
        store.expire(1099);
        assertNotNull(store.find("a"));
        store.expire(1100);
        assertNull(store.find("a"));
        assertEquals(0, store.size());
    }

    @Test
    void keysThatAllLandOnOnePlaceAreKeptOnlyWithinReachAndTheRestCounted() {
        int seed = 1234;
        // keys a peer would have to find to flood one place of the table: home 0 at every table size up to 256
        List<String> colliding = new ArrayList<>();
        for (long n = 0; colliding.size() < 300; n++) {
            String key = "z9hG4bK" + n + "|REGISTER|10.0.0.1:5060";
            if ((CompletedResponses.hash(seed, key) & 255) == 0) {
                colliding.add(key);
            }
        }
        AtomicInteger notKept = new AtomicInteger();
        CompletedResponses store = new CompletedResponses(128, 60_000, () -> { }, notKept::incrementAndGet, seed);

        for (String key : colliding) {
            store.add(key, 401, new byte[100], "10.0.0.1", 5060, 0);
        }

        assertEquals(CompletedResponses.MAX_PROBES + 1, store.size());
        assertEquals(300 - store.size(), notKept.get());
        for (int i = 0; i < colliding.size(); i++) {
            assertEquals(i < store.size(), store.contains(colliding.get(i)), "key " + i);
        }
        store.add("z9hG4bK-ordinary|REGISTER|10.0.0.2:5060", 200, new byte[10], "10.0.0.2", 5060, 1);
        assertNotNull(store.find("z9hG4bK-ordinary|REGISTER|10.0.0.2:5060"));
    }

    @Test
    void aSecondResponseForAKeptKeyLeavesTheFirst() {
        CompletedResponses store = new CompletedResponses(10, 100, () -> { });
        store.add("a", 401, new byte[] {1}, "127.0.0.1", 5060, 0);
        store.add("a", 200, new byte[] {2}, "127.0.0.1", 5060, 1);

        assertEquals(1, store.size());
        assertEquals(401, store.find("a").statusCode());
    }

    @Test
    void aKeyBeyondLatin1IsNotKept() {
        CompletedResponses store = new CompletedResponses(10, 100, () -> { });
        store.add("z9hG4bK\u4e2d", 200, new byte[10], "127.0.0.1", 5060, 0);

        assertEquals(0, store.size());
        assertNull(store.find("z9hG4bK\u4e2d"));
    }

    @Test
    void manyEntriesAndLargeResponsesStayWithinTheBoundsOfTheCap() {
        AtomicInteger evictions = new AtomicInteger();
        CompletedResponses store = new CompletedResponses(1000, 60_000, evictions::incrementAndGet);
        byte[] large = new byte[CompletedResponses.BYTES_PER_ENTRY * 3];
        for (int i = 0; i < 5000; i++) {
            store.add("k" + i, 200, large, "10.0.0.1", 5060, i);
        }
        // the ring holds 1000 × 1 KiB: a third of the cap of these 3 KiB responses, the rest evicted
        assertTrue(store.size() <= 1000 / 3 + 1, "size " + store.size());
        assertNotNull(store.find("k4999"));
        assertNull(store.find("k0"));
        assertEquals(5000 - store.size(), evictions.get());
    }
}
