package io.gbmesh.media.ingest;

import java.net.InetSocketAddress;

/** Takes the RTP packets of one stream from its socket, on the stream's context. */
@FunctionalInterface
public interface RtpReceiver {

    /**
     * One packet; the array is the receiver's to keep. {@code source} is the datagram's sender, or
     * null over TCP, where the ingest itself holds one connection at a time.
     */
    void rtp(byte[] packet, int offset, int length, InetSocketAddress source);
}
