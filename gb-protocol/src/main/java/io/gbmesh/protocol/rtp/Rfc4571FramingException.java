package io.gbmesh.protocol.rtp;

/**
 * An RFC 4571 length prefix that cannot be right: zero, or above the receiver's limit. The byte
 * stream has lost its framing and cannot be resynchronised, so the caller closes the connection.
 */
public final class Rfc4571FramingException extends Exception {

    private final int length;

    public Rfc4571FramingException(int length, String message) {
        super(message, null, false, false);
        this.length = length;
    }

    /** The offending length prefix. */
    public int length() {
        return length;
    }
}
