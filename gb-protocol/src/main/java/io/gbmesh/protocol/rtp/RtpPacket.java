package io.gbmesh.protocol.rtp;

import io.gbmesh.protocol.rtp.RtpParseException.Reason;

import java.nio.ByteBuffer;

/**
 * An RTP packet (RFC 3550 §5.1) read in place over the bytes it arrived in: parsing reads the fixed
 * header, walks the CSRC list, the header extension (§5.3.1) and the padding, and remembers where
 * the payload lies. Nothing is copied, so the array must not be reused by the receiver while the
 * packet is held (e.g. in an {@link RtpReorderBuffer}).
 *
 * <p>Malformed input raises {@link RtpParseException} with a {@link RtpParseException.Reason}; the
 * exception carries no stack trace, so a receiver can afford to count and drop.
 */
public final class RtpPacket {

    public static final int VERSION = 2;
    public static final int FIXED_HEADER_LENGTH = 12;

    private final byte[] array;
    private final int offset;
    private final int length;
    private final boolean marker;
    private final int payloadType;
    private final int sequenceNumber;
    private final long timestamp;
    private final long ssrc;
    private final int csrcCount;
    private final int extensionOffset;
    private final int extensionLength;
    private final int paddingLength;
    private final int payloadOffset;
    private final int payloadLength;

    private RtpPacket(byte[] array, int offset, int length, int csrcCount, int extensionOffset,
                      int extensionLength, int paddingLength, int payloadOffset, int payloadLength) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.marker = (array[offset + 1] & 0x80) != 0;
        this.payloadType = array[offset + 1] & 0x7F;
        this.sequenceNumber = u16(array, offset + 2);
        this.timestamp = u32(array, offset + 4);
        this.ssrc = u32(array, offset + 8);
        this.csrcCount = csrcCount;
        this.extensionOffset = extensionOffset;
        this.extensionLength = extensionLength;
        this.paddingLength = paddingLength;
        this.payloadOffset = payloadOffset;
        this.payloadLength = payloadLength;
    }

    public static RtpPacket parse(byte[] packet) throws RtpParseException {
        return parse(packet, 0, packet.length);
    }

    /** Parses {@code b[off, off+len)} as one RTP packet, without copying. */
    public static RtpPacket parse(byte[] b, int off, int len) throws RtpParseException {
        if (len < FIXED_HEADER_LENGTH) {
            throw new RtpParseException(Reason.TRUNCATED_HEADER, "RTP packet of " + len + " bytes, header needs 12");
        }
        int b0 = b[off] & 0xFF;
        int version = b0 >>> 6;
        if (version != VERSION) {
            throw new RtpParseException(Reason.BAD_VERSION, "RTP version " + version + ", expected 2");
        }
        int end = off + len;
        int csrcCount = b0 & 0x0F;
        int p = off + FIXED_HEADER_LENGTH + 4 * csrcCount;
        if (p > end) {
            throw new RtpParseException(Reason.TRUNCATED_CSRC, csrcCount + " CSRCs do not fit in " + len + " bytes");
        }
        int extensionOffset = -1;
        int extensionLength = 0;
        if ((b0 & 0x10) != 0) {
            if (p + 4 > end) {
                throw new RtpParseException(Reason.TRUNCATED_EXTENSION, "RTP header extension header truncated");
            }
            extensionLength = 4 * u16(b, p + 2);
            extensionOffset = p;
            p += 4 + extensionLength;
            if (p > end) {
                throw new RtpParseException(Reason.TRUNCATED_EXTENSION,
                        "RTP header extension of " + extensionLength + " bytes truncated");
            }
        }
        int paddingLength = 0;
        if ((b0 & 0x20) != 0) {
            // §5.1: the last octet counts the padding octets, itself included.
            paddingLength = b[end - 1] & 0xFF;
            if (paddingLength == 0 || paddingLength > end - p) {
                throw new RtpParseException(Reason.BAD_PADDING,
                        "RTP padding of " + paddingLength + " bytes with " + (end - p) + " bytes after the header");
            }
        }
        return new RtpPacket(b, off, len, csrcCount, extensionOffset, extensionLength, paddingLength,
                p, end - paddingLength - p);
    }

    public int version() {
        return VERSION;
    }

    public boolean marker() {
        return marker;
    }

    public int payloadType() {
        return payloadType;
    }

    /** 16-bit sequence number, 0–65535. */
    public int sequenceNumber() {
        return sequenceNumber;
    }

    /** 32-bit timestamp as an unsigned value. */
    public long timestamp() {
        return timestamp;
    }

    /** 32-bit synchronisation source as an unsigned value. */
    public long ssrc() {
        return ssrc;
    }

    public int csrcCount() {
        return csrcCount;
    }

    /** The {@code index}-th contributing source, unsigned. */
    public long csrc(int index) {
        if (index < 0 || index >= csrcCount) {
            throw new IndexOutOfBoundsException("CSRC " + index + " of " + csrcCount);
        }
        return u32(array, offset + FIXED_HEADER_LENGTH + 4 * index);
    }

    public boolean hasExtension() {
        return extensionOffset >= 0;
    }

    /** The 16-bit "defined by profile" field of the header extension, or -1 without extension. */
    public int extensionProfile() {
        return extensionOffset < 0 ? -1 : u16(array, extensionOffset);
    }

    /** Where the extension data (after its 4-byte header) starts in {@link #array()}, or -1. */
    public int extensionDataOffset() {
        return extensionOffset < 0 ? -1 : extensionOffset + 4;
    }

    /** Length in bytes of the extension data, without its 4-byte header. */
    public int extensionDataLength() {
        return extensionLength;
    }

    public boolean hasPadding() {
        return paddingLength > 0;
    }

    public int paddingLength() {
        return paddingLength;
    }

    /** The array the packet lives in; the packet is {@code array()[offset(), offset()+length())}. */
    public byte[] array() {
        return array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** Where the payload starts in {@link #array()}. */
    public int payloadOffset() {
        return payloadOffset;
    }

    public int payloadLength() {
        return payloadLength;
    }

    /** A read-only view of the payload (allocates the view, not the bytes). */
    public ByteBuffer payload() {
        return ByteBuffer.wrap(array, payloadOffset, payloadLength).slice().asReadOnlyBuffer();
    }

    /** A copy of the payload. */
    public byte[] payloadBytes() {
        byte[] copy = new byte[payloadLength];
        System.arraycopy(array, payloadOffset, copy, 0, payloadLength);
        return copy;
    }

    /**
     * Writes a 12-byte fixed header without CSRCs, extension or padding at {@code dst[off]} and
     * returns 12. The packetizer's hot path; the payload follows at {@code off + 12}.
     */
    public static int writeHeader(byte[] dst, int off, boolean marker, int payloadType, int sequenceNumber,
                                  long timestamp, long ssrc) {
        dst[off] = (byte) (VERSION << 6);
        dst[off + 1] = (byte) ((marker ? 0x80 : 0) | (payloadType & 0x7F));
        dst[off + 2] = (byte) (sequenceNumber >>> 8);
        dst[off + 3] = (byte) sequenceNumber;
        putU32(dst, off + 4, timestamp);
        putU32(dst, off + 8, ssrc);
        return FIXED_HEADER_LENGTH;
    }

    public static RtpPacketBuilder builder() {
        return new RtpPacketBuilder();
    }

    @Override
    public String toString() {
        return "RtpPacket[pt=" + payloadType + " seq=" + sequenceNumber + " ts=" + timestamp
                + " ssrc=" + ssrc + (marker ? " M" : "") + " payload=" + payloadLength + "]";
    }

    static int u16(byte[] b, int i) {
        return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
    }

    static long u32(byte[] b, int i) {
        return ((long) (b[i] & 0xFF) << 24) | ((b[i + 1] & 0xFF) << 16) | ((b[i + 2] & 0xFF) << 8) | (b[i + 3] & 0xFF);
    }

    static void putU32(byte[] b, int i, long v) {
        b[i] = (byte) (v >>> 24);
        b[i + 1] = (byte) (v >>> 16);
        b[i + 2] = (byte) (v >>> 8);
        b[i + 3] = (byte) v;
    }
}
