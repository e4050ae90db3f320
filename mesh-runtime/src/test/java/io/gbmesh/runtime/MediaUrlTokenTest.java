package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MediaUrlTokenTest {
    private static final String SECRET = "test-secret-of-the-media-plane";
    private static final String STREAM = "34020000001320000001_34020000001310000001_0200000001";
    private static final long NOW = 1_764_460_800_000L;
    private final MediaUrlToken tokens = new MediaUrlToken(SECRET, 60);

    @Test
    void aTokenOpensItsStreamUntilItExpires() {
        String token = tokens.issue(MediaUrlToken.LIVE, STREAM, NOW);
        assertEquals(MediaUrlToken.Check.VALID, tokens.check(token, MediaUrlToken.LIVE, STREAM, NOW));
        assertEquals(MediaUrlToken.Check.VALID, tokens.check(token, MediaUrlToken.LIVE, STREAM, NOW + 59_000));
        assertEquals(MediaUrlToken.Check.EXPIRED, tokens.check(token, MediaUrlToken.LIVE, STREAM, NOW + 60_000));
    }

    @Test
    void anExpiryInThePastIsExpired() {
        String token = tokens.issueUntil(MediaUrlToken.LIVE, STREAM, NOW / 1000 - 1);
        assertEquals(MediaUrlToken.Check.EXPIRED, tokens.check(token, MediaUrlToken.LIVE, STREAM, NOW));
    }

    @Test
    void aTamperedTokenIsRefused() {
        String token = tokens.issue(MediaUrlToken.LIVE, STREAM, NOW);
        int dot = token.indexOf('.');
        // A later expiry with the same signature.
        String later = (Long.parseLong(token.substring(0, dot)) + 3600) + token.substring(dot);
        assertEquals(MediaUrlToken.Check.BAD_SIGNATURE, tokens.check(later, MediaUrlToken.LIVE, STREAM, NOW));
        // One character of the signature changed.
        char last = token.charAt(token.length() - 1);
        String flipped = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');
        assertEquals(MediaUrlToken.Check.BAD_SIGNATURE, tokens.check(flipped, MediaUrlToken.LIVE, STREAM, NOW));
    }

    @Test
    void aTokenOfAnotherStreamOrScopeOrSecretIsRefused() {
        String token = tokens.issue(MediaUrlToken.LIVE, STREAM, NOW);
        assertEquals(MediaUrlToken.Check.BAD_SIGNATURE,
                tokens.check(token, MediaUrlToken.LIVE, STREAM.replace("0001_0200", "0002_0200"), NOW));
        assertEquals(MediaUrlToken.Check.BAD_SIGNATURE, tokens.check(token, MediaUrlToken.NODE_API, STREAM, NOW));
        String forged = new MediaUrlToken("another-secret-of-16+", 60).issue(MediaUrlToken.LIVE, STREAM, NOW);
        assertEquals(MediaUrlToken.Check.BAD_SIGNATURE, tokens.check(forged, MediaUrlToken.LIVE, STREAM, NOW));
    }

    @Test
    void garbageIsMalformedOrMissing() {
        assertEquals(MediaUrlToken.Check.MISSING, tokens.check(null, MediaUrlToken.LIVE, STREAM, NOW));
        assertEquals(MediaUrlToken.Check.MISSING, tokens.check("", MediaUrlToken.LIVE, STREAM, NOW));
        for (String bad : new String[] {"abc", ".sig", "12x.sig", "1764460860.***", "9".repeat(30) + ".sig",
                "1764460860." + "A".repeat(200)}) {
            assertEquals(MediaUrlToken.Check.MALFORMED, tokens.check(bad, MediaUrlToken.LIVE, STREAM, NOW), bad);
        }
    }

    @Test
    void aSignedUrlCarriesTheTokenAsAQueryParameter() {
        String url = tokens.signUrl("http://10.0.0.5:8081/live/" + STREAM + ".flv", STREAM, NOW);
        String token = url.substring(url.indexOf("?token=") + 7);
        assertEquals(MediaUrlToken.Check.VALID, tokens.check(token, MediaUrlToken.LIVE, STREAM, NOW));
        assertTrue(tokens.signUrl("http://h/x?a=1", STREAM, NOW).contains("?a=1&token="));
    }

    @Test
    void theSecretMustBeGivenAndLongEnough() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> MediaUrlToken.fromEnv(new Env(Map.of())));
        assertTrue(missing.getMessage().contains("GB_MEDIA_URL_SECRET is not set"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MediaUrlToken.fromEnv(new Env(Map.of("GB_MEDIA_URL_SECRET", "short"))));
        MediaUrlToken fromEnv = MediaUrlToken.fromEnv(new Env(Map.of("GB_MEDIA_URL_SECRET", SECRET, "GB_MEDIA_URL_TTL_S", "90")));
        assertEquals(90, fromEnv.ttlSeconds());
        assertEquals(MediaUrlToken.DEFAULT_TTL_SECONDS, MediaUrlToken.fromEnv(new Env(Map.of("GB_MEDIA_URL_SECRET", SECRET))).ttlSeconds());
    }
}
