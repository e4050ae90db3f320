package io.gbmesh.api.streams;

/**
 * The steps of a stream's start, in order (DESIGN: live video flow). A start that fails at a step
 * undoes what the steps before it did, and its {@link StreamFailure} names the step.
 */
public enum StartStep {
    /** A cluster-unique SSRC (GB/T 28181 annex F) for the stream. */
    CLAIM_SSRC,
    /** A media node binds the port the device will send to. */
    OPEN_PORT,
    /** The device's gateway sends INVITE with the SDP (reference 6.8) and gets 200 OK. */
    INVITE,
    /** The node is told what the device answered (its SSRC; TCP active connects now). */
    CONFIRM,
    /** The node received the first frame: the stream plays. */
    FIRST_FRAME
}
