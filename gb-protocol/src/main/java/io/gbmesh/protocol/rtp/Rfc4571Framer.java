package io.gbmesh.protocol.rtp;

import java.util.function.Consumer;

/**
 * RTP over a TCP byte stream (RFC 4571 §2, used by GB/T 28181-2016 for TCP active and passive
 * media): every packet is preceded by its length as a 16-bit big-endian integer.
 *
 * <p>A small state machine: length (2 bytes) then body. It is fed whatever a socket read returned,
 * emits each complete packet as a fresh array the consumer owns (so it can be held in a reorder
 * buffer), and copies only what it must. A length of 0 or above the limit means the stream is out
 * of step and cannot be resynchronised; {@link Rfc4571FramingException} tells the caller to close
 * the connection, and the framer stays failed.
 *
 * <p>Not thread-safe: one instance per stream, used from one thread.
 */
public final class Rfc4571Framer {

    public static final int DEFAULT_MAX_PACKET_LENGTH = 65535;

    private final int maxPacketLength;
    private int lengthBytesSeen;
    private int expected;
    private byte[] packet;
    private int filled;
    private Rfc4571FramingException failure;

    public Rfc4571Framer() {
        this(DEFAULT_MAX_PACKET_LENGTH);
    }

    /** @param maxPacketLength the largest length prefix accepted, 1–65535 */
    public Rfc4571Framer(int maxPacketLength) {
        if (maxPacketLength < 1 || maxPacketLength > 65535) {
            throw new IllegalArgumentException("max packet length " + maxPacketLength);
        }
        this.maxPacketLength = maxPacketLength;
    }

    /** Feeds one chunk of the TCP stream; {@code out} receives each packet completed by it. */
    public void feed(byte[] chunk, int off, int len, Consumer<byte[]> out) throws Rfc4571FramingException {
        if (failure != null) {
            throw failure;
        }
        int p = off;
        int end = off + len;
        while (p < end) {
            if (packet == null) {
                if (lengthBytesSeen == 0 && end - p >= 2) {
                    expected = RtpPacket.u16(chunk, p);
                    p += 2;
                } else {
                    expected = (expected << 8) | (chunk[p++] & 0xFF);
                    if (++lengthBytesSeen < 2) {
                        continue;
                    }
                }
                lengthBytesSeen = 0;
                if (expected == 0 || expected > maxPacketLength) {
                    failure = new Rfc4571FramingException(expected, "RFC 4571 length " + expected
                            + " outside 1.." + maxPacketLength);
                    throw failure;
                }
                packet = new byte[expected];
                filled = 0;
            }
            int n = Math.min(end - p, expected - filled);
            System.arraycopy(chunk, p, packet, filled, n);
            p += n;
            filled += n;
            if (filled == expected) {
                byte[] done = packet;
                packet = null;
                expected = 0;
                out.accept(done);
            }
        }
    }

    /** Bytes of a packet started but not finished, for a caller that wants to log a cut connection. */
    public int pendingBytes() {
        return packet == null ? lengthBytesSeen : 2 + filled;
    }

    /** A packet with its RFC 4571 length prefix, for senders. */
    public static byte[] frame(byte[] rtp) {
        return frame(rtp, 0, rtp.length);
    }

    public static byte[] frame(byte[] rtp, int off, int len) {
        if (len < 1 || len > 65535) {
            throw new IllegalArgumentException("RTP packet of " + len + " bytes cannot be framed");
        }
        byte[] out = new byte[len + 2];
        out[0] = (byte) (len >>> 8);
        out[1] = (byte) len;
        System.arraycopy(rtp, off, out, 2, len);
        return out;
    }
}
