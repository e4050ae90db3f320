package io.gbmesh.protocol.sdp;

/**
 * An {@code application/sdp} body that cannot be read (RFC 4566 §5): no {@code v=} first, a required
 * line missing or malformed, a bad {@code m=} port. The message says which; no stack trace is captured,
 * since the transport turns this into a {@code 400 Bad Request} rather than a log entry.
 */
public final class SdpParseException extends RuntimeException {

    public SdpParseException(String reason) {
        super(reason, null, false, false);
    }
}
