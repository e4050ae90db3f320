package io.gbmesh.protocol.manscdp;

/**
 * A MANSCDP body that cannot be read: not XML, not a known root, a missing or malformed mandatory field,
 * or over a limit. The transport answers {@code 400 Bad Request} or counts a drop; it never logs a stack
 * trace per packet, so the stack trace is not even captured and {@link #getMessage()} carries the reason.
 */
public final class ManscdpParseException extends RuntimeException {

    public ManscdpParseException(String reason) {
        super(reason, null, false, false);
    }

    public ManscdpParseException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }
}
