package io.gbmesh.sipstack;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The final responses of completed UDP server transactions, kept for Timer J (RFC 3261 §17.2.2) so
 * that a retransmitted request gets the same bytes again: its transaction key, the response bytes
 * and where they went. A busy gateway completes tens of thousands of transactions a second and
 * keeps each for up to 32 s, so they are held without an object per transaction: the bytes of each
 * one (key, response, host) are written one after the other into one ring of bytes, its numbers
 * into parallel arrays, and an open-addressing table of ints finds it by key. Nothing of a kept
 * transaction is then an object for the garbage collector to copy from one generation to the next
 * (as a map of records was: seven objects and about 700 bytes per transaction, which the young
 * collections copied until the transaction expired).
 *
 * <p>Transactions leave in the order they came: past their retention, or when the arrays hold
 * {@code maxEntries} (the oldest is evicted and {@code evicted} runs). The arrays and the ring start
 * small and double, up to {@code maxEntries} entries and {@code maxEntries × 1 KiB} bytes (1 GiB at most); when the
 * ring is full the oldest are evicted the same way. Not kept (a retransmission is then handled as a
 * new request; {@code notKept} runs): a key with a character beyond Latin-1 (the grammar of branches
 * and Call-IDs allows none), a response larger than the whole ring, and a key that finds no free
 * place within {@link #MAX_PROBES} of its home in the table. Keys are hashed with a seed of the
 * table's own, and no lookup probes further than that, so keys a peer chooses to collide cost it
 * its own responses, not everyone's time. Used on one event loop only.
 */
final class CompletedResponses {
    /** A kept response, made on lookup (a retransmission: the rare path). */
    record Completed(int statusCode, byte[] wire, String host, int port) {
    }

    static final int BYTES_PER_ENTRY = 1024;
    /**
     * How far after its home place in the table an entry may sit. With the table at most half full an
     * entry is rarely more than a few places away; a run of keys that all land on one place (chosen by
     * a peer that guessed the seed) ends here, so no lookup costs more than this many probes.
     */
    static final int MAX_PROBES = 64;
    /** The most entries kept, whatever the cap asked for (the arrays' sizes stay within an int). */
    static final int MAX_ENTRIES = 1 << 24;
    /** The largest ring, whatever the cap on entries. */
    static final long MAX_RING = 1L << 30;
    // small at first (a simulator runs an endpoint per device), allocated at the first response kept
    private static final int FIRST_ENTRIES = 16;
    private static final int FIRST_RING = 8 * 1024;

    private final int maxEntries;
    private final long maxRing;
    private final long retentionMillis;
    private final Runnable evicted;
    private final Runnable notKept;
    /** Keys are hashed with a seed of this table's own, so a peer cannot pick keys that collide here. */
    private final int seed;

    // entry numbers grow without end: the live ones are [oldest, next), entry n in slot n & (capacity - 1)
    private long oldest;
    private long next;
    private int capacity;
    private int[] hash;
    private long[] start; // where the entry's bytes begin in the ring, counted from the first byte ever written
    private int[] keyLength;
    private int[] wireLength;
    private int[] hostLength;
    private int[] port;
    private int[] status;
    private long[] completedAt;
    /** Open addressing, linear probing: slot + 1 of an entry, 0 for none; twice the capacity. */
    private int[] table;
    private byte[] ring;
    private long written;

    CompletedResponses(int maxEntries, long retentionMillis, Runnable evicted) {
        this(maxEntries, retentionMillis, evicted, () -> { });
    }

    /**
     * @param evicted runs for each response forgotten before its time (the cap, or the ring full)
     * @param notKept runs for each response not kept at all (see the class comment)
     */
    CompletedResponses(int maxEntries, long retentionMillis, Runnable evicted, Runnable notKept) {
        this(maxEntries, retentionMillis, evicted, notKept, java.util.concurrent.ThreadLocalRandom.current().nextInt());
    }

    /** With a given seed (tests). */
    CompletedResponses(int maxEntries, long retentionMillis, Runnable evicted, Runnable notKept, int seed) {
        this.seed = seed;
        if (maxEntries <= 0) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.maxEntries = Math.min(maxEntries, MAX_ENTRIES);
        this.maxRing = Math.max(FIRST_RING, Math.min(MAX_RING, (long) maxEntries * BYTES_PER_ENTRY));
        this.retentionMillis = retentionMillis;
        this.evicted = evicted;
        this.notKept = notKept;
    }

    int size() {
        return (int) (next - oldest);
    }

    boolean contains(String key) {
        return table != null && find(key, hash(key)) >= 0;
    }

    /** The kept response of the transaction {@code key}, or null. */
    Completed find(String key) {
        int slot = table == null ? -1 : find(key, hash(key));
        if (slot < 0) {
            return null;
        }
        int at = offset(slot);
        int k = keyLength[slot];
        int w = wireLength[slot];
        String host = hostLength[slot] < 0 ? null
                : new String(ring, at + k + w, hostLength[slot], StandardCharsets.ISO_8859_1);
        return new Completed(status[slot], Arrays.copyOfRange(ring, at + k, at + k + w), host, port[slot]);
    }

    /** Keeps a response, unless one is kept for {@code key} already (the first stays). */
    void add(String key, int statusCode, byte[] wire, String host, int toPort, long now) {
        int h = hash(key);
        if (table != null && find(key, h) >= 0) {
            return;
        }
        if (!latin1(key) || (host != null && !latin1(host))) {
            notKept.run();
            return;
        }
        int need = key.length() + wire.length + (host == null ? 0 : host.length());
        if (need > maxRing) {
            notKept.run();
            return;
        }
        if (table == null) {
            allocate(Math.min(FIRST_ENTRIES, Integer.highestOneBit(Math.max(1, maxEntries - 1)) << 1), FIRST_RING);
        }
        expire(now); // what is left is within its retention: removing it now is an eviction
        if (size() >= maxEntries) {
            removeOldest(true);
        } else if (size() == capacity) {
            allocateAndCopy(capacity * 2, ring.length);
        }
        long at = place(need);
        while (oldest < next && at + need - start[slot(oldest)] > ring.length) {
            if (ring.length < maxRing) {
                allocateAndCopy(capacity, (int) Math.min(maxRing, (long) ring.length * 2));
            } else {
                removeOldest(true);
            }
            at = place(need);
        }
        if (oldest == next) {
            // nothing kept: start the ring over (also when one response needs a larger ring)
            written = 0;
            if (need > ring.length) {
                allocateAndCopy(capacity, (int) Math.min(maxRing, Math.max(need, (long) ring.length * 2)));
            }
            at = place(need);
        }
        if (!insert(key, h, statusCode, wire, 0, wire.length, host, toPort, now, at)) {
            notKept.run();
        }
    }

    /** Forgets the responses kept longer than the retention. */
    void expire(long now) {
        while (oldest < next && completedAt[slot(oldest)] + retentionMillis <= now) {
            removeOldest(false);
        }
    }

    // ---- internals

    /** Writes an entry at {@code at}; false (nothing written) when its key finds no free place within reach. */
    private boolean insert(String key, int h, int statusCode, byte[] wire, int wireFrom, int wireLen, String host,
                           int toPort, long now, long at) {
        int mask = table.length - 1;
        int i = h & mask;
        for (int d = 0; table[i] != 0; d++) {
            if (d == MAX_PROBES) {
                return false;
            }
            i = (i + 1) & mask;
        }
        int slot = slot(next);
        int p = (int) (at % ring.length);
        for (int k = 0; k < key.length(); k++) {
            ring[p + k] = (byte) key.charAt(k);
        }
        System.arraycopy(wire, wireFrom, ring, p + key.length(), wireLen);
        int hp = p + key.length() + wireLen;
        if (host != null) {
            for (int k = 0; k < host.length(); k++) {
                ring[hp + k] = (byte) host.charAt(k);
            }
        }
        hash[slot] = h;
        start[slot] = at;
        keyLength[slot] = key.length();
        wireLength[slot] = wireLen;
        hostLength[slot] = host == null ? -1 : host.length();
        port[slot] = toPort;
        status[slot] = statusCode;
        completedAt[slot] = now;
        written = at + key.length() + wireLen + (host == null ? 0 : host.length());
        table[i] = slot + 1;
        next++;
        return true;
    }

    /** Where {@code need} bytes go next: after the last entry, or at the ring's start when they would cross its end. */
    private long place(long need) {
        long at = written;
        long within = at % ring.length;
        if (within + need > ring.length) {
            at += ring.length - within;
        }
        return at;
    }

    private int find(String key, int h) {
        int mask = table.length - 1;
        // an entry sits at most MAX_PROBES places after its home (deletion only moves entries closer)
        for (int i = h & mask, d = 0; d <= MAX_PROBES && table[i] != 0; i = (i + 1) & mask, d++) {
            int slot = table[i] - 1;
            if (hash[slot] == h && keyLength[slot] == key.length() && keyEquals(slot, key)) {
                return slot;
            }
        }
        return -1;
    }

    private boolean keyEquals(int slot, String key) {
        int at = offset(slot);
        for (int i = 0; i < key.length(); i++) {
            if ((ring[at + i] & 0xff) != key.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void removeOldest(boolean beforeItsTime) {
        int slot = slot(oldest);
        int mask = table.length - 1;
        int i = hash[slot] & mask;
        while (table[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        // backward-shift deletion: entries after the hole that may sit there move up, so lookups never stop early
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            if (table[j] == 0) {
                break;
            }
            int home = hash[table[j] - 1] & mask;
            boolean movable = i <= j ? (home <= i || home > j) : (home <= i && home > j);
            if (movable) {
                table[i] = table[j];
                i = j;
            }
        }
        table[i] = 0;
        oldest++;
        if (beforeItsTime) {
            evicted.run();
        }
    }

    private int slot(long entry) {
        return (int) (entry & (capacity - 1));
    }

    private int offset(int slot) {
        return (int) (start[slot] % ring.length);
    }

    private void allocate(int entries, int ringBytes) {
        capacity = entries;
        hash = new int[entries];
        start = new long[entries];
        keyLength = new int[entries];
        wireLength = new int[entries];
        hostLength = new int[entries];
        port = new int[entries];
        status = new int[entries];
        completedAt = new long[entries];
        table = new int[entries * 2];
        ring = new byte[ringBytes];
        oldest = 0;
        next = 0;
        written = 0;
    }

    /** Larger arrays or ring: the live entries copied over in order, packed from the ring's start. */
    private void allocateAndCopy(int entries, int ringBytes) {
        int[] oldHash = hash;
        long[] oldStart = start;
        int[] oldKey = keyLength;
        int[] oldWire = wireLength;
        int[] oldHost = hostLength;
        int[] oldPort = port;
        int[] oldStatus = status;
        long[] oldAt = completedAt;
        byte[] oldRing = ring;
        int oldMask = capacity - 1;
        long from = oldest;
        long to = next;
        allocate(entries, ringBytes);
        for (long n = from; n < to; n++) {
            int s = (int) (n & oldMask);
            int p = (int) (oldStart[s] % oldRing.length);
            String key = new String(oldRing, p, oldKey[s], StandardCharsets.ISO_8859_1);
            String host = oldHost[s] < 0 ? null
                    : new String(oldRing, p + oldKey[s] + oldWire[s], oldHost[s], StandardCharsets.ISO_8859_1);
            int need = oldKey[s] + oldWire[s] + Math.max(0, oldHost[s]);
            if (!insert(key, oldHash[s], oldStatus[s], oldRing, p + oldKey[s], oldWire[s], host, oldPort[s], oldAt[s], place(need))) {
                notKept.run();
            }
        }
    }

    /** A seeded hash of the key's characters (FNV-1a steps, then a MurmurHash3 finaliser). */
    private int hash(String key) {
        return hash(seed, key);
    }

    static int hash(int seed, String key) {
        int h = seed;
        for (int i = 0; i < key.length(); i++) {
            h = (h ^ key.charAt(i)) * 0x01000193;
        }
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        return h ^ (h >>> 16);
    }

    private static boolean latin1(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }
}
