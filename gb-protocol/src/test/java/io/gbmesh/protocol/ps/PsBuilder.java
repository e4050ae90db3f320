package io.gbmesh.protocol.ps;

import java.io.ByteArrayOutputStream;

/** Writes small program streams byte by byte, as ISO/IEC 13818-1 lays them out, for synthetic vectors. */
final class PsBuilder {

    static final byte[] H264_KEY = hex("00000001 6742001eabcd 00000001 68ce3c80 00000001 658884 00ffee");
    static final byte[] H264_P = hex("00000001 419a020304");
    static final byte[] H265_KEY = hex("00000001 40010c01ffff 00000001 4201010160 00000001 4401c172 00000001 2601af0940");
    static final byte[] H265_P = hex("00000001 0201d009");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** MPEG-2 pack header, no stuffing. */
    PsBuilder pack(long scr) {
        out.writeBytes(hex("000001ba"));
        out.write(0x40 | (int) ((scr >> 30) & 7) << 3 | 0x04 | (int) ((scr >> 28) & 3));
        out.write((int) (scr >> 20));
        out.write((int) ((scr >> 15) & 0x1F) << 3 | 0x04 | (int) ((scr >> 13) & 3));
        out.write((int) (scr >> 5));
        out.write((int) (scr & 0x1F) << 3 | 0x04);
        out.writeBytes(hex("01 0189c3 f8"));
        return this;
    }

    /** MPEG-1 pack header (ISO/IEC 11172-1), 12 bytes. */
    PsBuilder mpeg1Pack(long scr) {
        out.writeBytes(hex("000001ba"));
        timestamp(0x2, scr);
        out.writeBytes(hex("800001"));
        return this;
    }

    /** Program stream map with one (stream_type, stream_id) pair per two arguments. */
    PsBuilder psm(int... typeAndId) {
        int n = typeAndId.length / 2;
        int length = 10 + 4 * n;
        out.writeBytes(hex("000001bc"));
        out.write(length >> 8);
        out.write(length);
        out.writeBytes(hex("e0ff 0000"));
        out.write(0);
        out.write(4 * n);
        for (int i = 0; i < n; i++) {
            out.write(typeAndId[2 * i]);
            out.write(typeAndId[2 * i + 1]);
            out.writeBytes(hex("0000"));
        }
        out.writeBytes(hex("00000000"));
        return this;
    }

    /** A PES packet with its length; {@code pts} -1 for none. */
    PsBuilder pes(int streamId, long pts, byte[] payload) {
        return pes(streamId, pts, -1, payload, false);
    }

    /** A PES packet of length 0, running to the next start code. */
    PsBuilder unboundedPes(int streamId, long pts, byte[] payload) {
        return pes(streamId, pts, -1, payload, true);
    }

    PsBuilder pes(int streamId, long pts, long dts, byte[] payload, boolean unbounded) {
        int headerData = pts < 0 ? 0 : dts < 0 ? 5 : 10;
        int length = unbounded ? 0 : 3 + headerData + payload.length;
        out.writeBytes(hex("000001"));
        out.write(streamId);
        out.write(length >> 8);
        out.write(length);
        out.write(0x80);
        out.write(pts < 0 ? 0 : dts < 0 ? 0x80 : 0xC0);
        out.write(headerData);
        if (pts >= 0) {
            timestamp(dts < 0 ? 0x2 : 0x3, pts);
            if (dts >= 0) {
                timestamp(0x1, dts);
            }
        }
        out.writeBytes(payload);
        return this;
    }

    /** Private stream 1, where Hikvision puts vendor data. */
    PsBuilder privateStream1(byte[] data) {
        out.writeBytes(hex("000001bd"));
        out.write(data.length >> 8);
        out.write(data.length);
        out.writeBytes(data);
        return this;
    }

    PsBuilder raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    byte[] bytes() {
        return out.toByteArray();
    }

    private void timestamp(int prefix, long t) {
        out.write(prefix << 4 | (int) ((t >> 30) & 7) << 1 | 1);
        out.write((int) (t >> 22));
        out.write((int) ((t >> 15) & 0x7F) << 1 | 1);
        out.write((int) (t >> 7));
        out.write((int) (t & 0x7F) << 1 | 1);
    }

    static byte[] hex(String hex) {
        String s = hex.replaceAll("\\s+", "");
        byte[] b = new byte[s.length() / 2];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        }
        return b;
    }
}
