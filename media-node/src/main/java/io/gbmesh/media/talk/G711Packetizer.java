package io.gbmesh.media.talk;

import io.gbmesh.protocol.media.G711;
import io.gbmesh.protocol.rtp.RtpPacket;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Turns 20 ms frames of 8 kHz 16-bit PCM (160 samples) into G.711 RTP packets (RFC 3551 §4.5.14:
 * one byte per sample, clock 8000): the sequence number and timestamp start at random values
 * (RFC 3550 §5.1), the timestamp steps 160 per packet, the first packet carries the marker.
 */
public final class G711Packetizer {
    public static final int SAMPLES_PER_PACKET = 160;

    private final boolean alaw;
    private final int payloadType;
    private final long ssrc;
    private final byte[] payload = new byte[SAMPLES_PER_PACKET];
    private int sequence;
    private long timestamp;
    private boolean first = true;

    public G711Packetizer(boolean alaw, int payloadType, long ssrc) {
        this(alaw, payloadType, ssrc, ThreadLocalRandom.current().nextInt(0, 65536),
                ThreadLocalRandom.current().nextLong(0, 1L << 32));
    }

    G711Packetizer(boolean alaw, int payloadType, long ssrc, int firstSequence, long firstTimestamp) {
        this.alaw = alaw;
        this.payloadType = payloadType;
        this.ssrc = ssrc;
        this.sequence = firstSequence;
        this.timestamp = firstTimestamp;
    }

    /** The SSRC of a GB28181 {@code y=} value (ten decimal digits), or a random one when it has none. */
    public static long ssrcOf(String y) {
        if (y != null && !y.isBlank()) {
            try {
                return Long.parseLong(y.strip()) & 0xFFFFFFFFL;
            } catch (NumberFormatException e) {
                // fall through to a random SSRC: the device plays what reaches its port
            }
        }
        return ThreadLocalRandom.current().nextLong(1, 1L << 32);
    }

    /** The next packet for {@link #SAMPLES_PER_PACKET} samples of {@code pcm}. */
    public byte[] next(short[] pcm) {
        G711.encode(pcm, 0, SAMPLES_PER_PACKET, alaw, payload, 0);
        byte[] packet = RtpPacket.builder()
                .marker(first)
                .payloadType(payloadType)
                .sequenceNumber(sequence)
                .timestamp(timestamp)
                .ssrc(ssrc)
                .payload(payload)
                .toBytes();
        first = false;
        sequence = (sequence + 1) & 0xFFFF;
        timestamp = (timestamp + SAMPLES_PER_PACKET) & 0xFFFFFFFFL;
        return packet;
    }
}
