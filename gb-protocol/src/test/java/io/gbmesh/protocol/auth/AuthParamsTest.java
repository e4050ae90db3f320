package io.gbmesh.protocol.auth;

import io.gbmesh.protocol.auth.AuthParseException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuthParamsTest {

    @Test
    void namesAreCaseInsensitiveAndValuesKeepTheirCase() throws Exception {
        AuthParams p = AuthParams.parse("DIGEST Realm=\"AbC\", NONCE=XyZ");
        assertEquals("DIGEST", p.scheme());
        assertEquals("AbC", p.get("realm"));
        assertEquals("XyZ", p.get("Nonce"));
    }

    @Test
    void spacesAndTabsAroundEqualsAndCommasAreAllowed() throws Exception {
        AuthParams p = AuthParams.parse("  Digest\trealm = \"3402000000\" ,\tnonce=\"abc\"  ,  algorithm =  md5  ");
        assertEquals("3402000000", p.get("realm"));
        assertEquals("abc", p.get("nonce"));
        assertEquals("md5", p.get("algorithm"));
    }

    @Test
    void backslashEscapesInQuotedStringsAreRemoved() throws Exception {
        AuthParams p = AuthParams.parse("Digest realm=\"a \\\"quoted\\\" realm, with comma\", opaque=\"back\\\\slash\"");
        assertEquals("a \"quoted\" realm, with comma", p.get("realm"));
        assertEquals("back\\slash", p.get("opaque"));
    }

    @Test
    void emptyQuotedValueAndEmptyListElementsAreAccepted() throws Exception {
        AuthParams p = AuthParams.parse("Digest ,opaque=\"\",, realm=r,");
        assertEquals("", p.get("opaque"));
        assertEquals("r", p.get("realm"));
    }

    @Test
    void unknownParametersAreKeptInOrder() throws Exception {
        AuthParams p = AuthParams.parse("Digest realm=\"r\", x-vendor=\"v1\", domain=\"sip:a\"");
        assertEquals(List.of("realm", "x-vendor", "domain"), List.copyOf(p.asMap().keySet()));
        assertEquals("v1", p.get("x-vendor"));
    }

    @Test
    void unquotedUriAsSomeCamerasSendIsAccepted() throws Exception {
        assertEquals("sip:34020000002000000001@3402000000",
                AuthParams.parse("Digest uri=sip:34020000002000000001@3402000000").get("uri"));
    }

    @Test
    void digestSchemeAloneHasNoParameters() throws Exception {
        assertTrue(AuthParams.parse("Digest").asMap().isEmpty());
    }

    @Test
    void absentParameterIsNull() throws Exception {
        assertNull(AuthParams.parse("Digest realm=r").get("qop"));
    }

    @Test
    void quoteEscapesQuotesAndBackslashes() {
        assertEquals("\"a\\\"b\\\\c\"", AuthParams.quote("a\"b\\c"));
    }

    @Test
    void quoteRefusesLineBreaks() {
        assertThrows(IllegalArgumentException.class, () -> AuthParams.quote("r\r\nVia: x"));
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("null value", null, Reason.MISSING_SCHEME),
                Arguments.of("empty", "", Reason.MISSING_SCHEME),
                Arguments.of("params without scheme", "realm=\"3402000000\", nonce=\"n\"", Reason.MISSING_SCHEME),
                Arguments.of("scheme glued to params", "Digestrealm=\"r\"", Reason.MISSING_SCHEME),
                Arguments.of("basic scheme", "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", Reason.NOT_DIGEST),
                Arguments.of("unclosed quote", "Digest realm=\"3402000000, nonce=\"n", Reason.BAD_SYNTAX),
                Arguments.of("unclosed quote at end", "Digest realm=\"3402000000", Reason.UNTERMINATED_QUOTE),
                Arguments.of("lone trailing backslash", "Digest realm=\"abc\\", Reason.UNTERMINATED_QUOTE),
                Arguments.of("quote inside token", "Digest realm=ab\"c\"", Reason.UNTERMINATED_QUOTE),
                Arguments.of("missing equals", "Digest realm \"r\"", Reason.BAD_SYNTAX),
                Arguments.of("missing value", "Digest realm=, nonce=\"n\"", Reason.BAD_SYNTAX),
                Arguments.of("missing name", "Digest =\"r\"", Reason.BAD_SYNTAX),
                Arguments.of("missing comma", "Digest realm=\"r\" nonce=\"n\"", Reason.BAD_SYNTAX),
                Arguments.of("line break inside quotes", "Digest realm=\"r\r\nVia: x\"", Reason.BAD_SYNTAX),
                Arguments.of("duplicate name", "Digest nonce=\"a\", NONCE=\"b\"", Reason.DUPLICATE_PARAM),
                Arguments.of("too many params", "Digest " + manyParams(AuthParams.MAX_PARAMS + 1), Reason.TOO_MANY_PARAMS),
                Arguments.of("too long", "Digest opaque=\"" + "a".repeat(AuthParams.MAX_LENGTH) + "\"", Reason.TOO_LONG));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedValueIsRefusedWithItsReason(String name, String value, Reason reason) {
        AuthParseException e = assertThrows(AuthParseException.class, () -> AuthParams.parse(value));
        assertEquals(reason, e.reason());
    }

    @Test
    void exactlyTheMaximumNumberOfParamsIsAccepted() throws Exception {
        assertEquals(AuthParams.MAX_PARAMS, AuthParams.parse("Digest " + manyParams(AuthParams.MAX_PARAMS)).asMap().size());
    }

    private static String manyParams(int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append(i == 0 ? "" : ", ").append("p").append(i).append("=v");
        }
        return s.toString();
    }
}
