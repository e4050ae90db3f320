package io.gbmesh.protocol.auth;

import io.gbmesh.protocol.auth.DigestVerifier.Outcome;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestVerifierTest {

    static final String REALM = "3402000000";
    static final String USER = "34020000001320000002";
    static final String PASSWORD = "12345678";
    static final String URI = "sip:34020000002000000001@3402000000";
    static final long NOW = 1_745_290_118_014L;

    private final NonceAuthority authority = new NonceAuthority(NonceAuthorityTest.SECRET);
    private final DigestVerifier verifier =
            new DigestVerifier(REALM, authority, new NonceUseTracker(NonceAuthority.DEFAULT_LIFETIME));

    /** The no-qop REGISTER of reference notes §6.1, answered to a nonce we issued, digest computed by hand. */
    private DigestCredentials handComputedRegister(String nonce, String password) throws Exception {
        String ha1 = md5(USER + ":" + REALM + ":" + password);
        String ha2 = md5("REGISTER:" + URI);
        String response = md5(ha1 + ":" + nonce + ":" + ha2);
        return DigestCredentials.parse("Digest username=\"" + USER + "\", realm=\"" + REALM + "\", nonce=\"" + nonce
                + "\", uri=\"" + URI + "\", response=\"" + response + "\", algorithm=MD5");
    }

    @Test
    void handComputedNoQopRegisterIsAccepted() throws Exception {
        String nonce = verifier.challenge(NOW, false).nonce();
        assertEquals(Outcome.OK, verifier.verify("REGISTER", handComputedRegister(nonce, PASSWORD), PASSWORD, NOW + 200));
    }

    @Test
    void sameRegisterCheckedAgainstAnotherPasswordIsWrongPassword() throws Exception {
        String nonce = verifier.challenge(NOW, false).nonce();
        Outcome outcome = verifier.verify("REGISTER", handComputedRegister(nonce, PASSWORD), "87654321", NOW + 200);
        assertEquals(Outcome.WRONG_PASSWORD, outcome);
        assertEquals(403, outcome.sipStatus());
    }

    @Test
    void wrongPasswordDoesNotUseUpTheNonce() throws Exception {
        String nonce = verifier.challenge(NOW, false).nonce();
        assertEquals(Outcome.WRONG_PASSWORD, verifier.verify("REGISTER", handComputedRegister(nonce, "guess"), PASSWORD, NOW));
        assertEquals(Outcome.OK, verifier.verify("REGISTER", handComputedRegister(nonce, PASSWORD), PASSWORD, NOW));
    }

    @Test
    void methodIsPartOfTheDigest() throws Exception {
        String nonce = verifier.challenge(NOW, false).nonce();
        assertEquals(Outcome.WRONG_PASSWORD, verifier.verify("MESSAGE", handComputedRegister(nonce, PASSWORD), PASSWORD, NOW));
    }

    @Test
    void noQopNonceUsedTwiceIsStaleTheSecondTime() throws Exception {
        DigestCredentials register = handComputedRegister(verifier.challenge(NOW, false).nonce(), PASSWORD);
        assertEquals(Outcome.OK, verifier.verify("REGISTER", register, PASSWORD, NOW));
        Outcome replay = verifier.verify("REGISTER", register, PASSWORD, NOW + 1_000);
        assertEquals(Outcome.STALE_NONCE, replay);
        assertEquals(401, replay.sipStatus());
        assertTrue(replay.staleChallenge());
    }

    @Test
    void qopAuthAcceptsIncreasingNonceCountsAndRefusesARepeat() {
        DigestVerifier qopVerifier = new DigestVerifier(REALM, authority,
                new NonceUseTracker(NonceAuthority.DEFAULT_LIFETIME), true);
        DigestChallenge challenge = qopVerifier.challenge(NOW, false);
        assertTrue(challenge.offersQopAuth());
        DigestCredentials first = DigestCalculator.answer(challenge, USER, PASSWORD, "REGISTER", URI, () -> "c0ffee01", 1);
        DigestCredentials second = DigestCalculator.answer(challenge, USER, PASSWORD, "REGISTER", URI, () -> "c0ffee02", 2);
        assertEquals(Outcome.OK, qopVerifier.verify("REGISTER", first, PASSWORD, NOW));
        assertEquals(Outcome.OK, qopVerifier.verify("REGISTER", second, PASSWORD, NOW));
        assertEquals(Outcome.STALE_NONCE, qopVerifier.verify("REGISTER", second, PASSWORD, NOW));
        assertEquals(Outcome.STALE_NONCE, qopVerifier.verify("REGISTER", first, PASSWORD, NOW));
    }

    @Test
    void expiredNonceWithTheRightPasswordIsStale() throws Exception {
        DigestCredentials register = handComputedRegister(verifier.challenge(NOW, false).nonce(), PASSWORD);
        assertEquals(Outcome.STALE_NONCE, verifier.verify("REGISTER", register, PASSWORD, NOW + Duration.ofMinutes(6).toMillis()));
    }

    @Test
    void expiredNonceWithAWrongPasswordIsWrongPasswordNotStale() throws Exception {
        DigestCredentials register = handComputedRegister(verifier.challenge(NOW, false).nonce(), "guess");
        assertEquals(Outcome.WRONG_PASSWORD, verifier.verify("REGISTER", register, PASSWORD, NOW + Duration.ofMinutes(6).toMillis()));
    }

    @Test
    void referenceCaptureAnsweringAnotherPlatformsNonceIsUnknownNonce() throws Exception {
        Outcome outcome = verifier.verify("REGISTER",
                DigestCredentials.parse(DigestHeadersTest.REFERENCE_AUTHORIZATION), PASSWORD, NOW);
        assertEquals(Outcome.UNKNOWN_NONCE, outcome);
        assertEquals(401, outcome.sipStatus());
        assertFalse(outcome.staleChallenge());
    }

    @Test
    void nonceFromAnotherNodeOfTheClusterIsAccepted() throws Exception {
        NonceAuthority otherNode = new NonceAuthority(NonceAuthorityTest.SECRET.clone());
        DigestCredentials register = handComputedRegister(otherNode.issue(NOW), PASSWORD);
        assertEquals(Outcome.OK, verifier.verify("REGISTER", register, PASSWORD, NOW + 500));
    }

    @Test
    void usernameDifferentFromTheDeviceIdIsVerifiedAsSent() {
        DigestChallenge challenge = verifier.challenge(NOW, false);
        DigestCredentials register = DigestCalculator.answer(challenge, "34020000001320000088", PASSWORD, "REGISTER", URI, () -> "x", 1);
        assertEquals(Outcome.OK, verifier.verify("REGISTER", register, PASSWORD, NOW));
    }

    @Test
    void otherRealmIsRealmMismatch() {
        DigestChallenge foreign = DigestChallenge.of("4401000000", authority.issue(NOW));
        DigestCredentials register = DigestCalculator.answer(foreign, USER, PASSWORD, "REGISTER", URI, () -> "x", 1);
        Outcome outcome = verifier.verify("REGISTER", register, PASSWORD, NOW);
        assertEquals(Outcome.REALM_MISMATCH, outcome);
        assertEquals(401, outcome.sipStatus());
    }

    @Test
    void algorithmAbsentOrLowerCaseMd5IsAccepted() throws Exception {
        for (String algorithm : new String[] {null, "md5"}) {
            DigestCredentials c = handComputedRegister(verifier.challenge(NOW, false).nonce(), PASSWORD);
            DigestCredentials variant = new DigestCredentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response(),
                    algorithm, null, null, null, null);
            assertEquals(Outcome.OK, verifier.verify("REGISTER", variant, PASSWORD, NOW), String.valueOf(algorithm));
        }
    }

    @Test
    void otherAlgorithmIsUnsupported() throws Exception {
        DigestCredentials c = handComputedRegister(verifier.challenge(NOW, false).nonce(), PASSWORD);
        DigestCredentials sha = new DigestCredentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response(),
                "SHA-256", null, null, null, null);
        assertEquals(Outcome.UNSUPPORTED_ALGORITHM, verifier.verify("REGISTER", sha, PASSWORD, NOW));
    }

    @Test
    void authIntIsUnsupportedQop() throws Exception {
        DigestCredentials c = handComputedRegister(verifier.challenge(NOW, false).nonce(), PASSWORD);
        DigestCredentials authInt = new DigestCredentials(c.username(), c.realm(), c.nonce(), c.uri(), c.response(),
                "MD5", "auth-int", "00000001", "abc", null);
        assertEquals(Outcome.UNSUPPORTED_QOP, verifier.verify("REGISTER", authInt, PASSWORD, NOW));
    }

    @Test
    void missingFieldsAreMalformed() throws Exception {
        String nonce = verifier.challenge(NOW, false).nonce();
        String response = "0".repeat(32);
        DigestCredentials[] broken = {
                DigestCredentials.parse("Digest realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"" + response + "\""),
                DigestCredentials.parse("Digest username=\"u\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"" + response + "\""),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", uri=\"" + URI + "\", response=\"" + response + "\""),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", nonce=\"" + nonce + "\", response=\"" + response + "\""),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + URI + "\""),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"xyz\""),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"" + response + "\", qop=auth, cnonce=\"c\""),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"" + response + "\", qop=auth, nc=00000001"),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"" + response + "\", qop=auth, nc=1, cnonce=\"c\""),
                DigestCredentials.parse("Digest username=\"u\", realm=\"3402000000\", nonce=\"" + nonce + "\", uri=\"" + URI + "\", response=\"" + response + "\", qop=auth, nc=00000000, cnonce=\"c\""),
        };
        for (int i = 0; i < broken.length; i++) {
            Outcome outcome = verifier.verify("REGISTER", broken[i], PASSWORD, NOW);
            assertEquals(Outcome.MALFORMED, outcome, "case " + i);
            assertEquals(400, outcome.sipStatus());
        }
    }

    @Test
    void unknownPasswordIsMalformed() throws Exception {
        DigestCredentials c = handComputedRegister(verifier.challenge(NOW, false).nonce(), PASSWORD);
        assertEquals(Outcome.MALFORMED, verifier.verify("REGISTER", c, null, NOW));
    }

    @Test
    void storedHa1VerifiesLikeThePassword() throws Exception {
        DigestCredentials c = handComputedRegister(verifier.challenge(NOW, false).nonce(), PASSWORD);
        assertEquals(Outcome.OK, verifier.verifyHa1("REGISTER", c, md5(USER + ":" + REALM + ":" + PASSWORD), NOW));
    }

    @Test
    void staleRechallengeCarriesStaleTrue() {
        assertTrue(verifier.challenge(NOW, true).toHeaderValue().startsWith("Digest realm=\"3402000000\", nonce=\""));
        assertTrue(verifier.challenge(NOW, true).toHeaderValue().endsWith(", algorithm=MD5, stale=true"));
        assertTrue(verifier.challenge(NOW, false).toHeaderValue().endsWith(", algorithm=MD5"));
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
