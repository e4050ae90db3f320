package io.gbmesh.protocol.auth;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.random.RandomGenerator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues server nonces and recognises the ones we issued, without keeping any state.
 *
 * <p>A nonce is 48 lower-case hex digits encoding 24 bytes:
 * <pre>
 * issue time, seconds since the epoch, unsigned big-endian   4 bytes
 * random                                                     8 bytes
 * HMAC-SHA256(secret, the 12 bytes above), truncated        12 bytes
 * </pre>
 * Every gateway node configured with the same secret verifies the nonces of every other node, so a
 * device may be challenged by one node and answer to another (RFC 2617 §3.2.1 suggests exactly this
 * time-stamp-plus-keyed-hash construction). Hex keeps the nonce within what embedded SIP stacks copy
 * without trouble; 96 bits of MAC make online forgery hopeless.
 *
 * <p>Whether a valid nonce has already been used is not decided here but by {@link NonceUseTracker}.
 * Thread-safe.
 */
public final class NonceAuthority {

    public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);
    /** How far ahead of our clock another node's issue time may be before we call the nonce forged. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(5);
    /** Shortest secret accepted, in bytes. */
    public static final int MIN_SECRET_LENGTH = 16;
    /** Length of a nonce in characters. */
    public static final int NONCE_LENGTH = 48;

    private static final int TIME_BYTES = 4;
    private static final int RANDOM_BYTES = 8;
    private static final int SIGNED_BYTES = TIME_BYTES + RANDOM_BYTES;
    private static final int MAC_BYTES = 12;
    private static final String HMAC = "HmacSHA256";

    private final SecretKeySpec key;
    private final long lifetimeMillis;
    private final long clockSkewMillis;
    private final RandomGenerator random;
    // Mac is not thread-safe; one initialised instance per thread avoids a lock and a key setup per call.
    private final ThreadLocal<Mac> mac;

    /** An authority with the default lifetime and clock skew, drawing randomness from {@link SecureRandom}. */
    public NonceAuthority(byte[] secret) {
        this(secret, DEFAULT_LIFETIME);
    }

    public NonceAuthority(byte[] secret, Duration lifetime) {
        this(secret, lifetime, DEFAULT_CLOCK_SKEW, new SecureRandom());
    }

    /**
     * @param secret    shared by every node of the cluster; copied
     * @param lifetime  how long after issue a nonce is {@link NonceStatus#VALID}
     * @param clockSkew tolerated difference between nodes' clocks for nonces that look issued in the future
     * @param random    source of the random part; only uniqueness matters, the MAC gives authenticity
     */
    public NonceAuthority(byte[] secret, Duration lifetime, Duration clockSkew, RandomGenerator random) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("secret shorter than " + MIN_SECRET_LENGTH + " bytes");
        }
        if (lifetime.isNegative() || lifetime.isZero() || clockSkew.isNegative()) {
            throw new IllegalArgumentException("lifetime must be positive and clock skew not negative");
        }
        this.key = new SecretKeySpec(Arrays.copyOf(secret, secret.length), HMAC);
        this.lifetimeMillis = lifetime.toMillis();
        this.clockSkewMillis = clockSkew.toMillis();
        this.random = Objects.requireNonNull(random, "random");
        this.mac = ThreadLocal.withInitial(this::newMac);
        newMac(); // fail now rather than on the first request if the platform lacks HmacSHA256
    }

    /** A fresh 32-byte secret from {@link SecureRandom}, for a single node or to seed the cluster's configuration. */
    public static byte[] generateSecret() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return secret;
    }

    public Duration lifetime() {
        return Duration.ofMillis(lifetimeMillis);
    }

    /** A new nonce stamped with {@code nowMillis} (milliseconds since the epoch). */
    public String issue(long nowMillis) {
        long seconds = Math.floorDiv(nowMillis, 1000L);
        if (seconds < 0 || seconds > 0xffffffffL) {
            throw new IllegalArgumentException("time out of range: " + nowMillis);
        }
        byte[] raw = new byte[SIGNED_BYTES + MAC_BYTES];
        raw[0] = (byte) (seconds >>> 24);
        raw[1] = (byte) (seconds >>> 16);
        raw[2] = (byte) (seconds >>> 8);
        raw[3] = (byte) seconds;
        byte[] randomPart = new byte[RANDOM_BYTES];
        random.nextBytes(randomPart);
        System.arraycopy(randomPart, 0, raw, TIME_BYTES, RANDOM_BYTES);
        System.arraycopy(sign(raw), 0, raw, SIGNED_BYTES, MAC_BYTES);
        return DigestCalculator.hex(raw);
    }

    /** Whether {@code nonce} is one of ours and still within its lifetime at {@code nowMillis}. */
    public NonceStatus check(String nonce, long nowMillis) {
        byte[] raw = decode(nonce);
        if (raw == null) {
            return NonceStatus.FORGED;
        }
        byte[] expected = sign(raw);
        if (!MessageDigest.isEqual(Arrays.copyOf(expected, MAC_BYTES), Arrays.copyOfRange(raw, SIGNED_BYTES, raw.length))) {
            return NonceStatus.FORGED;
        }
        long issuedMillis = secondsOf(raw) * 1000L;
        // Issue time is truncated to the second, so a nonce issued this second may look up to 999 ms old.
        if (issuedMillis - Math.floorDiv(nowMillis, 1000L) * 1000L > clockSkewMillis) {
            return NonceStatus.FORGED;
        }
        return nowMillis - issuedMillis > lifetimeMillis ? NonceStatus.STALE : NonceStatus.VALID;
    }

    /**
     * The issue time written in a nonce, in milliseconds (whole seconds). Meaningful only for a nonce
     * {@link #check} did not call {@link NonceStatus#FORGED}; returns -1 for one that cannot be decoded.
     */
    public long issuedAtMillis(String nonce) {
        byte[] raw = decode(nonce);
        return raw == null ? -1 : secondsOf(raw) * 1000L;
    }

    private static long secondsOf(byte[] raw) {
        return ((raw[0] & 0xffL) << 24) | ((raw[1] & 0xffL) << 16) | ((raw[2] & 0xffL) << 8) | (raw[3] & 0xffL);
    }

    private byte[] sign(byte[] raw) {
        Mac m = mac.get();
        m.update(raw, 0, SIGNED_BYTES);
        return m.doFinal();
    }

    private Mac newMac() {
        try {
            Mac m = Mac.getInstance(HMAC);
            m.init(key);
            return m;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** Strict lower-case hex of exactly {@link #NONCE_LENGTH} digits, or {@code null}. */
    private static byte[] decode(String nonce) {
        if (nonce == null || nonce.length() != NONCE_LENGTH) {
            return null;
        }
        byte[] raw = new byte[NONCE_LENGTH / 2];
        for (int i = 0; i < raw.length; i++) {
            int hi = hexValue(nonce.charAt(2 * i));
            int lo = hexValue(nonce.charAt(2 * i + 1));
            if (hi < 0 || lo < 0) {
                return null;
            }
            raw[i] = (byte) ((hi << 4) | lo);
        }
        return raw;
    }

    private static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
