package io.gbmesh.protocol.rtp;

import java.util.Arrays;

/**
 * Builds RTP packets with every header feature (CSRCs, header extension, padding), for senders and
 * for test vectors. {@link RtpPacketizer} uses the allocation-free {@link RtpPacket#writeHeader} instead.
 */
public final class RtpPacketBuilder {

    private boolean marker;
    private int payloadType = 96;
    private int sequenceNumber;
    private long timestamp;
    private long ssrc;
    private long[] csrcs = new long[0];
    private int extensionProfile = -1;
    private byte[] extensionData = new byte[0];
    private int paddingLength;
    private byte[] payload = new byte[0];
    private int payloadOffset;
    private int payloadLength;

    RtpPacketBuilder() {
    }

    public RtpPacketBuilder marker(boolean marker) {
        this.marker = marker;
        return this;
    }

    public RtpPacketBuilder payloadType(int payloadType) {
        if (payloadType < 0 || payloadType > 127) {
            throw new IllegalArgumentException("payload type " + payloadType);
        }
        this.payloadType = payloadType;
        return this;
    }

    public RtpPacketBuilder sequenceNumber(int sequenceNumber) {
        this.sequenceNumber = sequenceNumber & 0xFFFF;
        return this;
    }

    public RtpPacketBuilder timestamp(long timestamp) {
        this.timestamp = timestamp & 0xFFFFFFFFL;
        return this;
    }

    public RtpPacketBuilder ssrc(long ssrc) {
        this.ssrc = ssrc & 0xFFFFFFFFL;
        return this;
    }

    public RtpPacketBuilder csrcs(long... csrcs) {
        if (csrcs.length > 15) {
            throw new IllegalArgumentException(csrcs.length + " CSRCs, at most 15");
        }
        this.csrcs = csrcs.clone();
        return this;
    }

    /** A header extension (§5.3.1); {@code data} is padded with zeros to a multiple of 4 bytes. */
    public RtpPacketBuilder extension(int profile, byte[] data) {
        this.extensionProfile = profile & 0xFFFF;
        this.extensionData = Arrays.copyOf(data, (data.length + 3) / 4 * 4);
        return this;
    }

    /** Padding octets to append, 0 for none, at most 255 (the count octet included). */
    public RtpPacketBuilder padding(int paddingLength) {
        if (paddingLength < 0 || paddingLength > 255) {
            throw new IllegalArgumentException("padding " + paddingLength);
        }
        this.paddingLength = paddingLength;
        return this;
    }

    public RtpPacketBuilder payload(byte[] payload) {
        return payload(payload, 0, payload.length);
    }

    public RtpPacketBuilder payload(byte[] payload, int off, int len) {
        this.payload = payload;
        this.payloadOffset = off;
        this.payloadLength = len;
        return this;
    }

    /** The packet's bytes. */
    public byte[] toBytes() {
        boolean extension = extensionProfile >= 0;
        int headerLength = RtpPacket.FIXED_HEADER_LENGTH + 4 * csrcs.length + (extension ? 4 + extensionData.length : 0);
        byte[] out = new byte[headerLength + payloadLength + paddingLength];
        RtpPacket.writeHeader(out, 0, marker, payloadType, sequenceNumber, timestamp, ssrc);
        out[0] |= (byte) ((paddingLength > 0 ? 0x20 : 0) | (extension ? 0x10 : 0) | csrcs.length);
        int p = RtpPacket.FIXED_HEADER_LENGTH;
        for (long csrc : csrcs) {
            RtpPacket.putU32(out, p, csrc);
            p += 4;
        }
        if (extension) {
            out[p] = (byte) (extensionProfile >>> 8);
            out[p + 1] = (byte) extensionProfile;
            out[p + 2] = (byte) (extensionData.length / 4 >>> 8);
            out[p + 3] = (byte) (extensionData.length / 4);
            System.arraycopy(extensionData, 0, out, p + 4, extensionData.length);
            p += 4 + extensionData.length;
        }
        System.arraycopy(payload, payloadOffset, out, p, payloadLength);
        if (paddingLength > 0) {
            out[out.length - 1] = (byte) paddingLength;
        }
        return out;
    }

    /** The packet, parsed back over {@link #toBytes()}. */
    public RtpPacket build() {
        try {
            return RtpPacket.parse(toBytes());
        } catch (RtpParseException e) {
            throw new IllegalStateException("builder produced an unparsable packet", e);
        }
    }
}
