package io.gbmesh.protocol.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NonceAuthorityTest {

    static final byte[] SECRET = "cluster-secret-0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final long NOW = 1_745_290_118_014L; // 2025-04-22T10:48:38.014+08:00, the reference's 401

    private final NonceAuthority authority = new NonceAuthority(SECRET);

    @Test
    void issuedNonceIsValid() {
        assertEquals(NonceStatus.VALID, authority.check(authority.issue(NOW), NOW));
    }

    @Test
    void nonceIsFortyEightLowerCaseHexDigits() {
        assertTrue(authority.issue(NOW).matches("[0-9a-f]{48}"));
    }

    @Test
    void nonceIsValidUntilTheEndOfItsLifetimeAndStaleAfter() {
        String nonce = authority.issue(NOW);
        long issuedAt = authority.issuedAtMillis(nonce);
        assertEquals(NonceStatus.VALID, authority.check(nonce, issuedAt + Duration.ofMinutes(5).toMillis()));
        assertEquals(NonceStatus.STALE, authority.check(nonce, issuedAt + Duration.ofMinutes(5).toMillis() + 1));
    }

    @Test
    void lifetimeIsConfigurable() {
        NonceAuthority shortLived = new NonceAuthority(SECRET, Duration.ofSeconds(30));
        String nonce = shortLived.issue(NOW);
        assertEquals(NonceStatus.STALE, shortLived.check(nonce, NOW + 31_000));
    }

    @Test
    void everyCharacterTamperedMakesTheNonceForged() {
        String nonce = authority.issue(NOW);
        for (int i = 0; i < nonce.length(); i++) {
            char flipped = nonce.charAt(i) == '0' ? '1' : '0';
            String tampered = nonce.substring(0, i) + flipped + nonce.substring(i + 1);
            assertEquals(NonceStatus.FORGED, authority.check(tampered, NOW), "tampered at " + i);
        }
    }

    @Test
    void nonceFromAnotherSecretIsForged() {
        NonceAuthority other = new NonceAuthority(NonceAuthority.generateSecret());
        assertEquals(NonceStatus.FORGED, authority.check(other.issue(NOW), NOW));
    }

    @Test
    void nonceIssuedByAnotherNodeWithTheSameSecretIsValid() {
        NonceAuthority otherNode = new NonceAuthority(SECRET.clone());
        assertEquals(NonceStatus.VALID, authority.check(otherNode.issue(NOW), NOW + 2_000));
    }

    @Test
    void nonceFromTheFutureIsForged() {
        assertEquals(NonceStatus.FORGED, authority.check(authority.issue(NOW + 3_600_000), NOW));
    }

    @Test
    void nonceAFewSecondsAheadIsToleratedAsClockSkewBetweenNodes() {
        assertEquals(NonceStatus.VALID, authority.check(authority.issue(NOW + 3_000), NOW));
    }

    @Test
    void referenceNonceFromAnotherPlatformIsForged() {
        assertEquals(NonceStatus.FORGED, authority.check("9485904448344456af5449b51759016e", NOW));
    }

    @Test
    void badEncodingsAreForged() {
        String nonce = authority.issue(NOW);
        assertEquals(NonceStatus.FORGED, authority.check(nonce.toUpperCase(), NOW));
        assertEquals(NonceStatus.FORGED, authority.check(nonce + "00", NOW));
        assertEquals(NonceStatus.FORGED, authority.check(nonce.substring(2), NOW));
        assertEquals(NonceStatus.FORGED, authority.check("z".repeat(48), NOW));
        assertEquals(NonceStatus.FORGED, authority.check("", NOW));
        assertEquals(NonceStatus.FORGED, authority.check(null, NOW));
    }

    @Test
    void successiveNoncesDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(authority.issue(NOW)));
        }
    }

    @Test
    void issueTimeIsReadBackToTheSecond() {
        assertEquals(NOW / 1000 * 1000, authority.issuedAtMillis(authority.issue(NOW)));
    }

    @Test
    void generatedSecretsAreThirtyTwoRandomBytes() {
        assertEquals(32, NonceAuthority.generateSecret().length);
        assertNotEquals(HexOf.of(NonceAuthority.generateSecret()), HexOf.of(NonceAuthority.generateSecret()));
    }

    @Test
    void shortSecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new NonceAuthority(new byte[8]));
    }

    private static final class HexOf {
        static String of(byte[] b) {
            return java.util.HexFormat.of().formatHex(b);
        }
    }
}
