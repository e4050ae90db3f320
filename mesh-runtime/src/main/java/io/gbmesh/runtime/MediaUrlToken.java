package io.gbmesh.runtime;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signed, expiring tokens of the media plane: the api-service issues them, a media node checks
 * them, both with the cluster secret {@code GB_MEDIA_URL_SECRET} and nothing else in common (no
 * shared state, no call between them). A token is {@code <expiry>.<signature>}: the expiry in Unix
 * seconds, and HMAC-SHA256 over scope, subject and expiry, base64url without padding. The scope says
 * what the token opens ({@link #LIVE}: one stream's viewer URL, subject the stream ID;
 * {@link #NODE_API}: one media node's own API, subject the node ID), so that a token for one thing
 * never opens another.
 *
 * <p>Immutable and thread-safe (a {@link Mac} is made per call: they are cheap and not thread-safe).
 */
public final class MediaUrlToken {

    /** Scope of a viewer URL ({@code /live/{streamId}.flv?token=...}); the subject is the stream ID. */
    public static final String LIVE = "live";
    /** Scope of a media node's {@code /api/streams} (a bearer token); the subject is the node ID. */
    public static final String NODE_API = "node-api";
    /** The scope of a talk's audio WebSocket URL; its subject is the talkId. */
    public static final String TALK = "talk";
    public static final String SECRET_VARIABLE = "GB_MEDIA_URL_SECRET";
    public static final String TTL_VARIABLE = "GB_MEDIA_URL_TTL_S";
    public static final int DEFAULT_TTL_SECONDS = 3600;
    /** Shorter secrets are refused: an HMAC key is only as strong as what it is made of. */
    public static final int MIN_SECRET_LENGTH = 16;

    private static final String ALGORITHM = "HmacSHA256";
    /** The longest token worth reading: 20 digits, a dot and 43 characters of signature, with room. */
    private static final int MAX_TOKEN_LENGTH = 128;

    /** What a check found. */
    public enum Check { VALID, MISSING, MALFORMED, EXPIRED, BAD_SIGNATURE }

    private final SecretKeySpec key;
    private final long ttlSeconds;

    public MediaUrlToken(String secret, long ttlSeconds) {
        if (secret == null || secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " must be at least " + MIN_SECRET_LENGTH + " characters");
        }
        if (ttlSeconds <= 0) {
            throw new IllegalArgumentException(TTL_VARIABLE + " must be positive, not " + ttlSeconds);
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.ttlSeconds = ttlSeconds;
    }

    /**
     * The codec of a role started alone: the secret must be given (every node of the mesh needs the
     * same one, so none can make it up), the lifetime defaults to {@value #DEFAULT_TTL_SECONDS} s.
     */
    public static MediaUrlToken fromEnv(Env env) {
        String secret = env.get(SECRET_VARIABLE, null);
        if (secret == null) {
            throw new IllegalArgumentException(SECRET_VARIABLE + " is not set: the api-service and every media node need"
                    + " the same secret (at least " + MIN_SECRET_LENGTH + " characters, from a Secret) to sign and check"
                    + " viewer URLs");
        }
        return new MediaUrlToken(secret, env.getInt(TTL_VARIABLE, DEFAULT_TTL_SECONDS));
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    /** A token for {@code subject} in {@code scope}, valid for the configured lifetime from {@code nowMillis}. */
    public String issue(String scope, String subject, long nowMillis) {
        return issueUntil(scope, subject, nowMillis / 1000 + ttlSeconds);
    }

    /** A token that expires at {@code expiresAtSeconds} (Unix seconds). */
    public String issueUntil(String scope, String subject, long expiresAtSeconds) {
        return expiresAtSeconds + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(sign(scope, subject, expiresAtSeconds));
    }

    /** The viewer URL with its token: {@code url?token=...} (or {@code &token=} when it has a query already). */
    public String signUrl(String url, String streamId, long nowMillis) {
        return url + (url.indexOf('?') < 0 ? "?" : "&") + "token=" + issue(LIVE, streamId, nowMillis);
    }

    /** Whether {@code token} opens {@code subject} in {@code scope} at {@code nowMillis}. */
    public Check check(String token, String scope, String subject, long nowMillis) {
        if (token == null || token.isEmpty()) {
            return Check.MISSING;
        }
        int dot = token.indexOf('.');
        if (token.length() > MAX_TOKEN_LENGTH || dot <= 0 || dot > 19 || subject.indexOf('\n') >= 0) {
            return Check.MALFORMED;
        }
        long expiresAt;
        byte[] signature;
        try {
            expiresAt = Long.parseLong(token, 0, dot, 10);
            signature = Base64.getUrlDecoder().decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return Check.MALFORMED;
        }
        // The signature first: an expired token is only reported as expired when it is one of ours.
        if (!MessageDigest.isEqual(signature, sign(scope, subject, expiresAt))) {
            return Check.BAD_SIGNATURE;
        }
        return nowMillis / 1000 < expiresAt ? Check.VALID : Check.EXPIRED;
    }

    private byte[] sign(String scope, String subject, long expiresAtSeconds) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            // Newline-separated: neither a scope nor a stream or node ID holds one, so no two
            // (scope, subject, expiry) give the same bytes.
            return mac.doFinal((scope + "\n" + subject + "\n" + expiresAtSeconds).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
