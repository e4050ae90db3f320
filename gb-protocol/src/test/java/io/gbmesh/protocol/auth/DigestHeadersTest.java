package io.gbmesh.protocol.auth;

import io.gbmesh.protocol.auth.AuthParseException.Reason;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The header values of reference notes §6.1, parsed and written. */
class DigestHeadersTest {

    static final String REFERENCE_CHALLENGE =
            "Digest realm=\"3402000000\", algorithm=md5, nonce=\"9485904448344456af5449b51759016e\"";
    static final String REFERENCE_AUTHORIZATION =
            "Digest username=\"34020000001320000088\", realm=\"3402000000\", nonce=\"9485904448344456af5449b51759016e\", "
                    + "uri=\"sip:34020000002000000001@3402000000\", response=\"b1cfb3f036fbcf7d13b8ee3bbff89906\", algorithm=MD5";

    @Test
    void referenceChallengeParses() throws Exception {
        DigestChallenge c = DigestChallenge.parse(REFERENCE_CHALLENGE);
        assertEquals("3402000000", c.realm());
        assertEquals("9485904448344456af5449b51759016e", c.nonce());
        assertEquals("md5", c.algorithm());
        assertTrue(c.isMd5());
        assertFalse(c.offersQopAuth());
        assertNull(c.opaque());
        assertFalse(c.stale());
    }

    @Test
    void referenceAuthorizationParses() throws Exception {
        DigestCredentials c = DigestCredentials.parse(REFERENCE_AUTHORIZATION);
        assertEquals("34020000001320000088", c.username());
        assertEquals("3402000000", c.realm());
        assertEquals("9485904448344456af5449b51759016e", c.nonce());
        assertEquals("sip:34020000002000000001@3402000000", c.uri());
        assertEquals("b1cfb3f036fbcf7d13b8ee3bbff89906", c.response());
        assertEquals("MD5", c.algorithm());
        assertNull(c.qop());
        assertNull(c.nc());
        assertNull(c.cnonce());
    }

    @Test
    void challengeWritesTheFormDevicesExpect() {
        assertEquals("Digest realm=\"3402000000\", nonce=\"9485904448344456af5449b51759016e\", algorithm=MD5",
                DigestChallenge.of("3402000000", "9485904448344456af5449b51759016e").toHeaderValue());
    }

    @Test
    void challengeWithQopOpaqueAndStaleWritesThemAll() {
        assertEquals("Digest realm=\"3402000000\", nonce=\"n1\", algorithm=MD5, qop=\"auth\", opaque=\"o\", stale=true",
                DigestChallenge.of("3402000000", "n1").withQopAuth().withOpaque("o").withStale(true).toHeaderValue());
    }

    @Test
    void challengeRoundTrips() throws Exception {
        DigestChallenge c = DigestChallenge.of("3402000000", "n1").withQopAuth().withOpaque("o\"x").withStale(true);
        assertEquals(c, DigestChallenge.parse(c.toHeaderValue()));
    }

    @Test
    void staleIsCaseInsensitiveAndFalseOtherwise() throws Exception {
        assertTrue(DigestChallenge.parse("Digest realm=r, nonce=n, stale=TRUE").stale());
        assertFalse(DigestChallenge.parse("Digest realm=r, nonce=n, stale=false").stale());
    }

    @Test
    void qopListOfferingAuthIsRecognised() throws Exception {
        assertTrue(DigestChallenge.parse("Digest realm=r, nonce=n, qop=\"auth-int, auth\"").offersQopAuth());
        assertFalse(DigestChallenge.parse("Digest realm=r, nonce=n, qop=\"auth-int\"").offersQopAuth());
    }

    @Test
    void challengeWithoutAlgorithmMeansMd5() throws Exception {
        assertEquals("MD5", DigestChallenge.parse("Digest realm=r, nonce=n").algorithm());
    }

    @Test
    void challengeWithoutNonceIsRefused() {
        AuthParseException e = assertThrows(AuthParseException.class, () -> DigestChallenge.parse("Digest realm=r"));
        assertEquals(Reason.BAD_SYNTAX, e.reason());
    }

    @Test
    void authorizationWithEscapedQuotesInUsernameParses() throws Exception {
        assertEquals("dev\"1", DigestCredentials.parse("Digest username=\"dev\\\"1\", realm=r").username());
    }

    @Test
    void credentialsRoundTripWithQop() throws Exception {
        DigestCredentials c = new DigestCredentials("u", "3402000000", "n", "sip:a@b", "0".repeat(32), "MD5",
                "auth", "00000001", "0a4f113b", "op");
        assertEquals("Digest username=\"u\", realm=\"3402000000\", nonce=\"n\", uri=\"sip:a@b\", response=\""
                + "0".repeat(32) + "\", algorithm=MD5, cnonce=\"0a4f113b\", opaque=\"op\", qop=auth, nc=00000001",
                c.toHeaderValue());
        assertEquals(c, DigestCredentials.parse(c.toHeaderValue()));
    }

    @Test
    void referenceAuthorizationRoundTrips() throws Exception {
        DigestCredentials c = DigestCredentials.parse(REFERENCE_AUTHORIZATION);
        assertEquals(REFERENCE_AUTHORIZATION, c.toHeaderValue());
    }

    @Test
    void credentialsWithBrokenQuoteAreRefused() {
        AuthParseException e = assertThrows(AuthParseException.class,
                () -> DigestCredentials.parse("Digest realm=\"3402000000\", username=\"34020000001320000088"));
        assertEquals(Reason.UNTERMINATED_QUOTE, e.reason());
    }
}
