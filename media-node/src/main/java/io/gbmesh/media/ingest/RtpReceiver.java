package io.gbmesh.media.ingest;

/** Takes the RTP packets of one stream from its socket, on the node's context. */
@FunctionalInterface
public interface RtpReceiver {

    /** One packet; the array is the receiver's to keep. */
    void rtp(byte[] packet, int offset, int length);
}
