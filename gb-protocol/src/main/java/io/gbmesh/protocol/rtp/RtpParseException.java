package io.gbmesh.protocol.rtp;

/**
 * A datagram (or RFC 4571 frame) that is not a well-formed RTP packet (RFC 3550 §5.1). The receiver
 * counts and drops it; it never tears the stream down.
 */
public final class RtpParseException extends Exception {

    /** What was wrong, for counters and logs. */
    public enum Reason {
        TRUNCATED_HEADER,
        BAD_VERSION,
        TRUNCATED_CSRC,
        TRUNCATED_EXTENSION,
        BAD_PADDING
    }

    private final Reason reason;

    public RtpParseException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
