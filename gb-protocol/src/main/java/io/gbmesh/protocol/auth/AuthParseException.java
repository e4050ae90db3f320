package io.gbmesh.protocol.auth;

/**
 * A malformed {@code WWW-Authenticate}, {@code Authorization} or {@code Proxy-Authorization} value.
 *
 * <p>The transport answers it with {@code 400 Bad Request} when a response is possible, and counts it
 * by {@link #reason()}. The message carries the position of the fault, never the header value itself,
 * so that a hostile value cannot reach the log.
 */
public final class AuthParseException extends Exception {

    /** What was wrong with the value. */
    public enum Reason {
        /** The value is longer than {@link AuthParams#MAX_LENGTH}. */
        TOO_LONG,
        /** The value does not start with an authentication scheme token followed by whitespace. */
        MISSING_SCHEME,
        /** The scheme is not {@code Digest} (for example {@code Basic}). */
        NOT_DIGEST,
        /** A quoted string has no closing quote, or ends in a lone backslash. */
        UNTERMINATED_QUOTE,
        /** A parameter is missing its name, its {@code =}, its value, or a separating comma. */
        BAD_SYNTAX,
        /** The same parameter name appears twice (RFC 2617 §3.2.2 allows each directive once). */
        DUPLICATE_PARAM,
        /** More than {@link AuthParams#MAX_PARAMS} parameters. */
        TOO_MANY_PARAMS
    }

    private final Reason reason;
    private final int position;

    public AuthParseException(Reason reason, int position, String detail) {
        super(reason + " at " + position + ": " + detail, null, false, false);
        this.reason = reason;
        this.position = position;
    }

    public Reason reason() {
        return reason;
    }

    /** Character offset in the header value where the fault was found. */
    public int position() {
        return position;
    }
}
