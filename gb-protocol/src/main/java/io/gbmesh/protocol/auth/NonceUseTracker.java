package io.gbmesh.protocol.auth;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers which of our nonces have been used, so that a captured {@code Authorization} cannot be
 * replayed while its nonce is still within its lifetime.
 *
 * <p>Policy:
 * <ul>
 *   <li>without qop (the RFC 2069 form GB/T 28181 cameras send) a nonce is good for one successful
 *       authentication; a second use is a replay;</li>
 *   <li>with qop=auth each request carries a nonce count, and a nonce is accepted again only with a
 *       count strictly greater than the last one accepted (RFC 2617 §3.2.2: "the server can detect
 *       request replays by maintaining its own copy of this count");</li>
 *   <li>a nonce used once in one form is a replay in the other.</li>
 * </ul>
 * Record a use only after the response has been verified, so that someone who merely saw a nonce in a
 * {@code 401} cannot burn it for the device it was meant for. {@link DigestVerifier} does so.
 *
 * <p>Memory is bounded two ways. An entry is dropped once its nonce has outlived its lifetime, since
 * {@link NonceAuthority} calls such nonces stale anyway; expired entries are purged from each stripe as
 * it is used, and {@link #purgeExpired} sweeps them all. And each stripe holds at most its share of
 * {@code maxEntries}, evicting its oldest entry beyond that. Eviction must not reopen a replay window,
 * so a stripe remembers the newest issue time it has evicted before expiry and treats any unknown nonce
 * issued no later than that as replayed: under overload some devices get one extra stale re-challenge,
 * never a second acceptance.
 *
 * <p>Entries are keyed by a 64-bit hash of the nonce rather than the string, which keeps an entry near
 * 100 bytes. A collision can only make a fresh nonce look used, again costing one stale re-challenge;
 * only nonces whose MAC verified get here, so nobody can aim for a collision.
 *
 * <p>Sizing: a steady rate of R successful authentications keeps R × lifetime entries, about 104 bytes
 * each (measured: 1,000,000 entries ≈ 100 MB). At 10,000 per second and the default 5-minute lifetime
 * that is 3,000,000 entries; with the default cap of 1,000,000 the tracker stays safe but answers the
 * overflow with extra stale re-challenges, so raise the cap or shorten the lifetime for such rates.
 *
 * <p>Thread-safe; the entries are spread over independently locked stripes so that registrations on
 * different threads rarely meet on a lock.
 */
public final class NonceUseTracker {

    public static final int DEFAULT_MAX_ENTRIES = 1_000_000;
    /** The {@code nc} argument to use for a request without qop. */
    public static final long NO_QOP = -1;

    private static final int MAX_STRIPES = 64;
    /** How many expired entries one call purges from its stripe before doing its own work. */
    private static final int PURGE_BATCH = 8;

    private final long lifetimeMillis;
    private final Stripe[] stripes;
    private final int stripeMask;

    public NonceUseTracker(Duration nonceLifetime) {
        this(nonceLifetime, DEFAULT_MAX_ENTRIES);
    }

    /**
     * @param nonceLifetime the lifetime of the {@link NonceAuthority} whose nonces are tracked
     * @param maxEntries    hard cap on remembered nonces; the total never exceeds it
     */
    public NonceUseTracker(Duration nonceLifetime, int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive");
        }
        this.lifetimeMillis = nonceLifetime.toMillis();
        int count = Integer.highestOneBit(Math.min(MAX_STRIPES, maxEntries));
        this.stripes = new Stripe[count];
        for (int i = 0; i < count; i++) {
            stripes[i] = new Stripe(maxEntries / count);
        }
        this.stripeMask = count - 1;
    }

    /**
     * Records one use of {@code nonce} if it is not a replay.
     *
     * @param issuedAtMillis when the nonce was issued ({@link NonceAuthority#issuedAtMillis})
     * @param nc             the nonce count with qop=auth (1 and up), or {@link #NO_QOP}
     * @return {@code true} if the use is accepted, {@code false} if it is a replay
     */
    public boolean recordUse(String nonce, long issuedAtMillis, long nc, long nowMillis) {
        long key = hash(nonce);
        Stripe stripe = stripes[(int) (key ^ (key >>> 32)) & stripeMask];
        synchronized (stripe) {
            stripe.purge(nowMillis, lifetimeMillis, PURGE_BATCH);
            Use previous = stripe.uses.get(key);
            if (previous == null) {
                if (issuedAtMillis <= stripe.evictedIssuedAtMillis) {
                    return false;
                }
                stripe.add(key, new Use(issuedAtMillis, nc), nowMillis, lifetimeMillis);
                return true;
            }
            if (nc == NO_QOP || previous.lastNc == NO_QOP || nc <= previous.lastNc) {
                return false;
            }
            previous.lastNc = nc;
            return true;
        }
    }

    /** Drops every entry whose nonce has outlived its lifetime; for a periodic housekeeping call. */
    public void purgeExpired(long nowMillis) {
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                stripe.purge(nowMillis, lifetimeMillis, Integer.MAX_VALUE);
            }
        }
    }

    /** The number of nonces currently remembered. */
    public int size() {
        int total = 0;
        for (Stripe stripe : stripes) {
            synchronized (stripe) {
                total += stripe.uses.size();
            }
        }
        return total;
    }

    /** FNV-1a over the characters, then the SplitMix64 finaliser to spread the bits. */
    private static long hash(String nonce) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < nonce.length(); i++) {
            h = (h ^ nonce.charAt(i)) * 0x100000001b3L;
        }
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }

    private static final class Use {
        final long issuedAtMillis;
        long lastNc;

        Use(long issuedAtMillis, long lastNc) {
            this.issuedAtMillis = issuedAtMillis;
            this.lastNc = lastNc;
        }
    }

    /**
     * One lock's share of the entries, in insertion order. Entries leave from the head: an entry
     * inserted earlier was first used earlier, so the head is the one to evict, and every entry is
     * gone by its first use plus the lifetime even when an older one at the head holds up the purge.
     */
    private static final class Stripe {
        final int capacity;
        final LinkedHashMap<Long, Use> uses = new LinkedHashMap<>();
        long evictedIssuedAtMillis = Long.MIN_VALUE;

        Stripe(int capacity) {
            this.capacity = capacity;
        }

        void add(long key, Use use, long nowMillis, long lifetimeMillis) {
            uses.put(key, use);
            if (uses.size() > capacity) {
                Iterator<Map.Entry<Long, Use>> eldest = uses.entrySet().iterator();
                Use evicted = eldest.next().getValue();
                eldest.remove();
                if (nowMillis - evicted.issuedAtMillis <= lifetimeMillis) {
                    evictedIssuedAtMillis = Math.max(evictedIssuedAtMillis, evicted.issuedAtMillis);
                }
            }
        }

        void purge(long nowMillis, long lifetimeMillis, int limit) {
            Iterator<Use> it = uses.values().iterator();
            for (int n = 0; n < limit && it.hasNext(); n++) {
                if (nowMillis - it.next().issuedAtMillis <= lifetimeMillis) {
                    return;
                }
                it.remove();
            }
        }
    }
}
