package io.gbmesh.protocol.sip;

/**
 * A SIP message that cannot be understood. Carries what was parsed before the failure so that a
 * transport can still answer {@code 400 Bad Request} when the request is identifiable.
 * It has no stack trace: malformed input is a normal event, not a bug.
 */
public final class SipParseException extends Exception {
    /** What was wrong, as a short stable category usable as a metric label. */
    public enum Kind { EMPTY, START_LINE, HEADER, TOO_LARGE, TOO_MANY_HEADERS, BODY_LENGTH, MISSING_HEADER, BAD_VALUE }

    private final Kind kind;
    private final transient SipRequest partialRequest;

    public SipParseException(Kind kind, String reason) {
        this(kind, reason, null);
    }

    public SipParseException(Kind kind, String reason, SipRequest partialRequest) {
        super(reason, null, false, false);
        this.kind = kind;
        this.partialRequest = partialRequest;
    }

    public Kind kind() {
        return kind;
    }

    /** The reason phrase suitable for a 400 response. */
    public String reason() {
        return getMessage();
    }

    /** The request as far as it was understood (start line and headers), when it was a request. */
    public java.util.Optional<SipRequest> partialRequest() {
        return java.util.Optional.ofNullable(partialRequest);
    }
}
