package io.gbmesh.protocol.auth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DigestCalculatorTest {

    @Test
    void rfc2617Section35ExampleWithQopAuth() {
        String ha1 = DigestCalculator.ha1("Mufasa", "testrealm@host.com", "Circle Of Life");
        String ha2 = DigestCalculator.ha2("GET", "/dir/index.html");
        assertEquals("6629fae49393a05397450978507c4ef1",
                DigestCalculator.response(ha1, "dcd98b7102dd2f0e8b11d0f600bfb0c093", "00000001", "0a4f113b", "auth", ha2));
    }

    @Test
    void noQopResponseMatchesOneComputedStringByString() throws Exception {
        String ha1 = md5("34020000001320000002:3402000000:12345678");
        String ha2 = md5("REGISTER:sip:34020000002000000001@3402000000");
        String expected = md5(ha1 + ":9485904448344456af5449b51759016e:" + ha2);
        assertEquals(expected, DigestCalculator.response(
                DigestCalculator.ha1("34020000001320000002", "3402000000", "12345678"),
                "9485904448344456af5449b51759016e",
                DigestCalculator.ha2("REGISTER", "sip:34020000002000000001@3402000000")));
    }

    /** Both captured registrations of reference notes §6.1 and §6.2 were answered with password 12345678. */
    @Test
    void referenceCapturesMatchPassword12345678() throws Exception {
        String ha1 = DigestCalculator.ha1("34020000001320000088", "3402000000", "12345678");
        String ha2 = DigestCalculator.ha2("REGISTER", "sip:34020000002000000001@3402000000");
        assertEquals("b1cfb3f036fbcf7d13b8ee3bbff89906", DigestCalculator.response(ha1, "9485904448344456af5449b51759016e", ha2));
        assertEquals("fed25d2e352370cc22bab577ac6e0d93", DigestCalculator.response(ha1, "6ebe0922efda4939ba77fb41ef50e005", ha2));
    }

    @Test
    void constantTimeEqualsIgnoresHexCaseOfTheReceivedValue() {
        assertTrue(DigestCalculator.constantTimeEquals("b1cfb3f036fbcf7d13b8ee3bbff89906", "B1CFB3F036FBCF7D13B8EE3BBFF89906"));
        assertFalse(DigestCalculator.constantTimeEquals("b1cfb3f036fbcf7d13b8ee3bbff89906", "b1cfb3f036fbcf7d13b8ee3bbff89907"));
        assertFalse(DigestCalculator.constantTimeEquals("b1cfb3f036fbcf7d13b8ee3bbff89906", "b1cf"));
        assertFalse(DigestCalculator.constantTimeEquals("b1cfb3f036fbcf7d13b8ee3bbff89906", null));
    }

    @Test
    void answerWithoutQopReproducesTheReferenceAuthorization() throws Exception {
        DigestChallenge challenge = DigestChallenge.parse(DigestHeadersTest.REFERENCE_CHALLENGE);
        DigestCredentials answer = DigestCalculator.answer(challenge, "34020000001320000088", "12345678", "REGISTER",
                "sip:34020000002000000001@3402000000", () -> { throw new AssertionError("no cnonce without qop"); }, 1);
        assertEquals(DigestHeadersTest.REFERENCE_AUTHORIZATION, answer.toHeaderValue());
    }

    @Test
    void answerWithQopAuthReproducesTheRfcExample() {
        DigestChallenge challenge = DigestChallenge.of("testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093")
                .withQopAuth().withOpaque("5ccc069c403ebaf9f0171e9517f40e41");
        DigestCredentials answer = DigestCalculator.answer(challenge, "Mufasa", "Circle Of Life", "GET",
                "/dir/index.html", () -> "0a4f113b", 1);
        assertEquals("6629fae49393a05397450978507c4ef1", answer.response());
        assertEquals("auth", answer.qop());
        assertEquals("00000001", answer.nc());
        assertEquals("0a4f113b", answer.cnonce());
        assertEquals("5ccc069c403ebaf9f0171e9517f40e41", answer.opaque());
    }

    @Test
    void answerWithoutQopLeavesNcAndCnonceOut() {
        DigestCredentials answer = DigestCalculator.answer(DigestChallenge.of("3402000000", "n"), "u", "p", "REGISTER",
                "sip:a@b", () -> "c", 1);
        assertNull(answer.nc());
        assertNull(answer.cnonce());
    }

    @Test
    void answerRefusesAnAlgorithmOtherThanMd5() {
        DigestChallenge sha = new DigestChallenge("r", "n", "SHA-256", null, null, false);
        assertThrows(IllegalArgumentException.class,
                () -> DigestCalculator.answer(sha, "u", "p", "REGISTER", "sip:a@b", () -> "c", 1));
    }

    private static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }
}
