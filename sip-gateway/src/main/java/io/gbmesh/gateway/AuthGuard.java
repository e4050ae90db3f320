package io.gbmesh.gateway;

import io.gbmesh.contracts.AuthBan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers password guessing against the registrar. Failed digests (a wrong response to a nonce we
 * issued, or credentials for a nonce we never issued) are counted per source address and per device
 * ID; {@code maxFailures} of them within the window ban that source, or that ID, for the ban time:
 * its REGISTERs get 403 without a challenge, so guessing cannot go on. A nonce that has taken
 * {@link #NONCE_MAX_FAILURES} wrong responses is spent: it is challenged afresh even with the right
 * response, so that one nonce is not a guessing oracle shared by many sources.
 *
 * <p>Memory is bounded whatever arrives: each table (failures and bans per kind, failed nonces) keeps at
 * most {@code maxTracked} entries and evicts the least recently touched one beyond that. A flood from
 * random (spoofed) source addresses therefore costs a fixed amount of heap; its price is that it can
 * push a slow guesser's count out, which the per-device count still catches.
 *
 * <p>Socket-free and clock-free: every call takes the time. Thread-safe (one lock; the work per call is
 * a few map operations).
 */
final class AuthGuard {
    /** Wrong responses after which a nonce is spent. */
    static final int NONCE_MAX_FAILURES = 3;
    static final int DEFAULT_MAX_TRACKED = 10_000;

    private final int maxFailures;
    private final long windowMillis;
    private final long banMillis;
    private final String node;
    private final Map<String, FailureTimes> failures;
    private final Map<String, AuthBan> bans;
    private final Map<String, Integer> nonceFailures;
    private long refusals;
    private long bansBegun;

    AuthGuard(AuthSettings settings, String node) {
        this(settings, node, DEFAULT_MAX_TRACKED);
    }

    AuthGuard(AuthSettings settings, String node, int maxTracked) {
        this.maxFailures = settings.maxFailures();
        this.windowMillis = settings.windowSeconds() * 1000L;
        this.banMillis = settings.banSeconds() * 1000L;
        this.node = node;
        // both kinds share a table; keys are prefixed by kind, so twice the cap in all
        this.failures = bounded(2 * maxTracked);
        this.bans = bounded(2 * maxTracked);
        this.nonceFailures = bounded(maxTracked);
    }

    /**
     * The ban that refuses this REGISTER (the source's first, else the device's), counted as a refusal. A ban
     * of the device ID does not refuse the device at the address it is registered at: guesses from elsewhere
     * would otherwise let anyone lock a registered camera out.
     */
    synchronized Optional<AuthBan> refusal(String deviceId, String source, boolean fromBoundAddress, long nowMillis) {
        AuthBan ban = active(AuthBan.key(AuthBan.SOURCE, source), nowMillis);
        if (ban == null && !fromBoundAddress) {
            ban = active(AuthBan.key(AuthBan.DEVICE, deviceId), nowMillis);
        }
        if (ban != null) {
            refusals++;
        }
        return Optional.ofNullable(ban);
    }

    /**
     * Counts one failed digest of {@code deviceId} from {@code source}.
     *
     * @return the bans this failure began (none, or the source's and/or the device's)
     */
    synchronized List<AuthBan> failed(String deviceId, String source, long nowMillis) {
        List<AuthBan> begun = new ArrayList<>(2);
        if (maxFailures > 0) {
            count(AuthBan.SOURCE, source, nowMillis, begun);
            count(AuthBan.DEVICE, deviceId, nowMillis, begun);
        }
        return begun;
    }

    /** A device that proved its password starts its own count afresh (its source's count stands). */
    synchronized void succeeded(String deviceId) {
        failures.remove(AuthBan.key(AuthBan.DEVICE, deviceId));
    }

    /** Counts a wrong response to {@code nonce}. */
    synchronized void nonceFailed(String nonce) {
        nonceFailures.merge(nonce, 1, Integer::sum);
    }

    /** Whether {@code nonce} has taken too many wrong responses to be accepted any more. */
    synchronized boolean nonceSpent(String nonce) {
        Integer n = nonceFailures.get(nonce);
        return n != null && n >= NONCE_MAX_FAILURES;
    }

    /** Ends a ban and forgets its failures; false when there was none. */
    synchronized boolean lift(String kind, String value) {
        String key = AuthBan.key(kind, value);
        failures.remove(key);
        return bans.remove(key) != null;
    }

    /** The bans in force. */
    synchronized List<AuthBan> bans(long nowMillis) {
        purge(nowMillis);
        return List.copyOf(bans.values());
    }

    synchronized int activeBans(long nowMillis) {
        purge(nowMillis);
        return bans.size();
    }

    /** REGISTERs refused by a ban so far. */
    synchronized long refusals() {
        return refusals;
    }

    /** Bans begun so far. */
    synchronized long bansBegun() {
        return bansBegun;
    }

    private void count(String kind, String value, long nowMillis, List<AuthBan> begun) {
        String key = AuthBan.key(kind, value);
        FailureTimes times = failures.computeIfAbsent(key, k -> new FailureTimes(maxFailures));
        int inWindow = times.add(nowMillis, windowMillis);
        if (inWindow >= maxFailures && active(key, nowMillis) == null) {
            AuthBan ban = new AuthBan(kind, value, node, inWindow, nowMillis, nowMillis + banMillis);
            bans.put(key, ban);
            failures.remove(key);
            bansBegun++;
            begun.add(ban);
        }
    }

    private AuthBan active(String key, long nowMillis) {
        AuthBan ban = bans.get(key);
        if (ban != null && ban.untilMillis() <= nowMillis) {
            bans.remove(key);
            return null;
        }
        return ban;
    }

    private void purge(long nowMillis) {
        bans.values().removeIf(b -> b.untilMillis() <= nowMillis);
    }

    private static <V> Map<String, V> bounded(int cap) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > cap;
            }
        };
    }

    /** The times of the last {@code capacity} failures of one key, in a ring. */
    private static final class FailureTimes {
        private final long[] times;
        private int next;
        private int size;

        FailureTimes(int capacity) {
            this.times = new long[capacity];
        }

        /** Adds a failure; returns how many of the remembered ones are within the window. */
        int add(long nowMillis, long windowMillis) {
            times[next] = nowMillis;
            next = (next + 1) % times.length;
            size = Math.min(size + 1, times.length);
            int inWindow = 0;
            for (int i = 0; i < size; i++) {
                if (nowMillis - times[i] < windowMillis) {
                    inWindow++;
                }
            }
            return inWindow;
        }
    }
}
