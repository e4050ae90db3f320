package io.gbmesh.protocol.auth;

import io.gbmesh.protocol.auth.AuthParseException.Reason;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of a Digest {@code WWW-Authenticate}, {@code Authorization} or
 * {@code Proxy-Authorization} header value (RFC 3261 §25.1 {@code challenge} / {@code credentials},
 * RFC 2617 §3.2).
 *
 * <p>Parsing is strict where a mistake would change meaning (quotes, duplicates, scheme) and lenient
 * where devices differ harmlessly: names are case-insensitive and stored lower-case, whitespace is
 * allowed around {@code =} and {@code ,}, empty list elements are skipped, any value may be quoted or
 * not, and unknown parameters are kept. Unquoted values may contain any visible ASCII except
 * {@code "} and {@code ,} (some cameras send {@code uri=sip:...} unquoted).
 */
public final class AuthParams {

    /** Longest header value accepted, in characters. */
    public static final int MAX_LENGTH = 4096;
    /** Most parameters accepted in one header value. */
    public static final int MAX_PARAMS = 32;

    private static final String DIGEST = "Digest";

    private final String scheme;
    private final Map<String, String> params;

    private AuthParams(String scheme, Map<String, String> params) {
        this.scheme = scheme;
        this.params = Collections.unmodifiableMap(params);
    }

    /**
     * Parses a header value that must start with the {@code Digest} scheme (matched case-insensitively).
     *
     * @throws AuthParseException with a {@link Reason} for every way the value can be malformed
     */
    public static AuthParams parse(String value) throws AuthParseException {
        if (value == null) {
            throw new AuthParseException(Reason.MISSING_SCHEME, 0, "no value");
        }
        if (value.length() > MAX_LENGTH) {
            throw new AuthParseException(Reason.TOO_LONG, MAX_LENGTH, value.length() + " characters");
        }
        return new Parser(value).parse();
    }

    /** The scheme token as written, e.g. {@code Digest} or {@code DIGEST}. */
    public String scheme() {
        return scheme;
    }

    /** The unquoted, unescaped value of a parameter, or {@code null} when absent. */
    public String get(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    public boolean has(String name) {
        return params.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** All parameters, names lower-case, in the order they appeared. */
    public Map<String, String> asMap() {
        return params;
    }

    /**
     * Writes a value as an RFC 3261 §25.1 {@code quoted-string}, escaping {@code "} and {@code \}.
     *
     * @throws IllegalArgumentException if the value holds CR, LF or another control character, which
     *     would let it break out of the header
     */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new IllegalArgumentException("control character in header value at " + i);
            }
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.append('"').toString();
    }

    @Override
    public String toString() {
        return scheme + " " + params.keySet();
    }

    static boolean isTokenChar(char c) {
        if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
            return true;
        }
        return "-.!%*_+`'~".indexOf(c) >= 0;
    }

    /** A cursor over the value; one instance per parse. */
    private static final class Parser {
        private final String s;
        private int i;

        Parser(String s) {
            this.s = s;
        }

        AuthParams parse() throws AuthParseException {
            skipWhitespace();
            int start = i;
            String scheme = token();
            if (scheme.isEmpty() || (i < s.length() && !isWhitespace(s.charAt(i)))) {
                throw new AuthParseException(Reason.MISSING_SCHEME, start, "expected a scheme token");
            }
            if (!scheme.equalsIgnoreCase(DIGEST)) {
                throw new AuthParseException(Reason.NOT_DIGEST, start, "scheme is not Digest");
            }
            Map<String, String> params = new LinkedHashMap<>();
            while (true) {
                skipWhitespaceAndCommas();
                if (i >= s.length()) {
                    return new AuthParams(scheme, params);
                }
                int nameAt = i;
                String name = token();
                if (name.isEmpty()) {
                    throw new AuthParseException(Reason.BAD_SYNTAX, i, "expected a parameter name");
                }
                skipWhitespace();
                if (i >= s.length() || s.charAt(i) != '=') {
                    throw new AuthParseException(Reason.BAD_SYNTAX, i, "expected '=' after a parameter name");
                }
                i++;
                skipWhitespace();
                String value = (i < s.length() && s.charAt(i) == '"') ? quoted() : unquoted();
                if (params.size() == MAX_PARAMS) {
                    throw new AuthParseException(Reason.TOO_MANY_PARAMS, nameAt, "more than " + MAX_PARAMS);
                }
                if (params.putIfAbsent(name.toLowerCase(Locale.ROOT), value) != null) {
                    throw new AuthParseException(Reason.DUPLICATE_PARAM, nameAt, "repeated parameter");
                }
                skipWhitespace();
                if (i < s.length() && s.charAt(i) != ',') {
                    throw new AuthParseException(Reason.BAD_SYNTAX, i, "expected ',' between parameters");
                }
            }
        }

        private String token() {
            int start = i;
            while (i < s.length() && isTokenChar(s.charAt(i))) {
                i++;
            }
            return s.substring(start, i);
        }

        private String quoted() throws AuthParseException {
            int open = i++;
            StringBuilder out = new StringBuilder();
            while (i < s.length()) {
                char c = s.charAt(i++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\') {
                    if (i >= s.length()) {
                        break;
                    }
                    c = s.charAt(i++);
                }
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    throw new AuthParseException(Reason.BAD_SYNTAX, i - 1, "control character in quoted string");
                }
                out.append(c);
            }
            throw new AuthParseException(Reason.UNTERMINATED_QUOTE, open, "quoted string not closed");
        }

        private String unquoted() throws AuthParseException {
            int start = i;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c == ',' || isWhitespace(c)) {
                    break;
                }
                if (c == '"') {
                    throw new AuthParseException(Reason.UNTERMINATED_QUOTE, i, "quote inside an unquoted value");
                }
                if (c <= 0x20 || c >= 0x7f) {
                    throw new AuthParseException(Reason.BAD_SYNTAX, i, "illegal character in value");
                }
                i++;
            }
            if (i == start) {
                throw new AuthParseException(Reason.BAD_SYNTAX, i, "empty value");
            }
            return s.substring(start, i);
        }

        private void skipWhitespace() {
            while (i < s.length() && isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        private void skipWhitespaceAndCommas() {
            while (i < s.length() && (isWhitespace(s.charAt(i)) || s.charAt(i) == ',')) {
                i++;
            }
        }

        private static boolean isWhitespace(char c) {
            return c == ' ' || c == '\t';
        }
    }
}
