package io.gbmesh.contracts;

/**
 * Failure codes of a media node's replies ({@link Addresses#mediaNode(String)}), so that the
 * orchestrator tells the causes apart by code, never by the message's text.
 */
public final class MediaNodeFailure {
    /** The request was malformed (no stream id, no transport, a shared-port stream without an SSRC of its own). */
    public static final int BAD_REQUEST = 400;
    /** The node has no such stream. */
    public static final int UNKNOWN_STREAM = 404;
    /** Every RTP port of the node's range is held. */
    public static final int NO_PORT = 507;
    /** The node could not connect to the device (TCP active). */
    public static final int CONNECT_FAILED = 504;

    private MediaNodeFailure() {
    }
}
