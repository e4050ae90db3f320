package io.gbmesh.protocol.auth;

/**
 * Digest credentials as carried by {@code Authorization} or {@code Proxy-Authorization}
 * (RFC 2617 §3.2.2, RFC 3261 §22.4).
 *
 * <p>Values are kept exactly as received, and any of them may be {@code null} when the client left it
 * out: deciding that a field is missing is the job of {@link DigestVerifier}, which answers
 * {@link DigestVerifier.Outcome#MALFORMED}. Note that in GB/T 28181 the {@code username} need not be
 * the device ID in {@code From} (reference notes §6.1 show a camera registering as
 * {@code 34020000001320000002} with username {@code 34020000001320000088}).
 *
 * @param username  the user the password belongs to
 * @param realm     the realm the client computed HA1 with
 * @param nonce     the server nonce being answered
 * @param uri       the {@code digest-uri}, normally the Request-URI
 * @param response  32 lower-case hex digits
 * @param algorithm {@code MD5}, {@code md5}, another token, or {@code null} (meaning MD5)
 * @param qop       {@code auth}, or {@code null} for the RFC 2069 compatible form GB/T 28181 devices use
 * @param nc        the nonce count, 8 hex digits, with qop only
 * @param cnonce    the client nonce, with qop only
 * @param opaque    echoed from the challenge, or {@code null}
 */
public record DigestCredentials(String username, String realm, String nonce, String uri, String response,
                                String algorithm, String qop, String nc, String cnonce, String opaque) {

    /**
     * Parses an {@code Authorization} or {@code Proxy-Authorization} value. Only the syntax is checked
     * here; absent parameters come back as {@code null}.
     *
     * @throws AuthParseException when the value is not a well-formed Digest parameter list
     */
    public static DigestCredentials parse(String headerValue) throws AuthParseException {
        AuthParams p = AuthParams.parse(headerValue);
        return new DigestCredentials(p.get("username"), p.get("realm"), p.get("nonce"), p.get("uri"),
                p.get("response"), p.get("algorithm"), p.get("qop"), p.get("nc"), p.get("cnonce"),
                p.get("opaque"));
    }

    /**
     * The header value, quoting as RFC 2617 §3.2.2 does: {@code algorithm}, {@code qop} and {@code nc}
     * are tokens, the rest quoted strings. Absent fields are left out.
     */
    public String toHeaderValue() {
        StringBuilder out = new StringBuilder(256).append("Digest");
        String separator = " ";
        separator = quoted(out, separator, "username", username);
        separator = quoted(out, separator, "realm", realm);
        separator = quoted(out, separator, "nonce", nonce);
        separator = quoted(out, separator, "uri", uri);
        separator = quoted(out, separator, "response", response);
        separator = token(out, separator, "algorithm", algorithm);
        separator = quoted(out, separator, "cnonce", cnonce);
        separator = quoted(out, separator, "opaque", opaque);
        separator = token(out, separator, "qop", qop);
        token(out, separator, "nc", nc);
        return out.toString();
    }

    private static String quoted(StringBuilder out, String separator, String name, String value) {
        if (value == null) {
            return separator;
        }
        out.append(separator).append(name).append('=').append(AuthParams.quote(value));
        return ", ";
    }

    private static String token(StringBuilder out, String separator, String name, String value) {
        if (value == null) {
            return separator;
        }
        for (int i = 0; i < value.length(); i++) {
            if (!AuthParams.isTokenChar(value.charAt(i))) {
                throw new IllegalArgumentException(name + " is not a token");
            }
        }
        out.append(separator).append(name).append('=').append(value);
        return ", ";
    }
}
