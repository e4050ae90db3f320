package io.gbmesh.protocol.rtp;

import java.util.function.Consumer;

/**
 * Cuts one frame (for GB/T 28181 a PS pack: pack header, PES packets) into RTP packets carrying at
 * most {@code maxPayload} bytes each, all with the frame's timestamp, the marker bit on the last one
 * (GB/T 28181-2016 annex C) and consecutive sequence numbers.
 *
 * <p>Not thread-safe: one instance per stream, used from one thread.
 */
public final class RtpPacketizer {

    public static final int DEFAULT_PAYLOAD_TYPE = 96;
    public static final int DEFAULT_MAX_PAYLOAD = 1400;

    private final long ssrc;
    private final int payloadType;
    private final int maxPayload;
    private int sequenceNumber;

    /** Payload type 96, 1400 payload bytes per packet, sequence numbers from 0. */
    public RtpPacketizer(long ssrc) {
        this(ssrc, DEFAULT_PAYLOAD_TYPE, DEFAULT_MAX_PAYLOAD, 0);
    }

    public RtpPacketizer(long ssrc, int payloadType, int maxPayload, int firstSequenceNumber) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType);
        }
        if (maxPayload < 1 || maxPayload > 65535 - RtpPacket.FIXED_HEADER_LENGTH) {
            throw new IllegalArgumentException("max payload " + maxPayload);
        }
        this.ssrc = ssrc & 0xFFFFFFFFL;
        this.payloadType = payloadType;
        this.maxPayload = maxPayload;
        this.sequenceNumber = firstSequenceNumber & 0xFFFF;
    }

    /**
     * Emits the packets for {@code frame[off, off+len)} with RTP timestamp {@code timestamp} (90 kHz
     * for video, truncated to 32 bits); each packet is a fresh array the consumer owns. Returns the
     * number of packets.
     */
    public int packetize(byte[] frame, int off, int len, long timestamp, Consumer<byte[]> out) {
        int packets = 0;
        int p = off;
        int end = off + len;
        while (p < end) {
            int n = Math.min(maxPayload, end - p);
            byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + n];
            RtpPacket.writeHeader(packet, 0, p + n == end, payloadType, sequenceNumber, timestamp, ssrc);
            System.arraycopy(frame, p, packet, RtpPacket.FIXED_HEADER_LENGTH, n);
            sequenceNumber = (sequenceNumber + 1) & 0xFFFF;
            p += n;
            packets++;
            out.accept(packet);
        }
        return packets;
    }

    /** The sequence number the next packet will carry. */
    public int nextSequenceNumber() {
        return sequenceNumber;
    }
}
