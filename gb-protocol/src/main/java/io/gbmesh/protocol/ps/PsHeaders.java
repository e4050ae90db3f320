package io.gbmesh.protocol.ps;

/**
 * Field readers for the program stream headers of ISO/IEC 13818-1 §2.5.3 (pack header) and §2.4.3.6
 * (PES header), shared by the demuxer and the pack reader.
 */
final class PsHeaders {

    static final int PACK_START = 0xBA;
    static final int SYSTEM_HEADER = 0xBB;
    static final int PROGRAM_STREAM_MAP = 0xBC;
    static final int PRIVATE_STREAM_1 = 0xBD;
    static final int PADDING_STREAM = 0xBE;
    static final int PRIVATE_STREAM_2 = 0xBF;
    static final int PROGRAM_END = 0xB9;

    /** Returned by {@link #packHeaderLength} when the pack header is not yet complete. */
    static final int NEED_MORE = 0;
    /** Returned by {@link #packHeaderLength} when the bytes are not a pack header. */
    static final int INVALID = -1;

    private PsHeaders() {
    }

    static boolean isVideo(int streamId) {
        return streamId >= 0xE0 && streamId <= 0xEF;
    }

    static boolean isAudio(int streamId) {
        return streamId >= 0xC0 && streamId <= 0xDF;
    }

    /** {@code a[p, p+3)} is the start code prefix 00 00 01. */
    static boolean isStartCodePrefix(byte[] a, int p) {
        return a[p] == 0 && a[p + 1] == 0 && a[p + 2] == 1;
    }

    /** Stream ids worth resynchronising on: pack, system header, PSM, private/padding, audio, video. */
    static boolean isSyncPoint(int streamId) {
        return streamId >= PACK_START && streamId <= 0xEF;
    }

    /**
     * Length of the pack header at {@code a[p]} (its start code included) given {@code avail} bytes:
     * 14 plus stuffing for MPEG-2, 12 for MPEG-1; {@link #NEED_MORE} or {@link #INVALID}.
     */
    static int packHeaderLength(byte[] a, int p, int avail) {
        if (avail < 5) {
            return NEED_MORE;
        }
        int b4 = a[p + 4] & 0xFF;
        if ((b4 & 0xC0) == 0x40) {
            if (avail < 14) {
                return NEED_MORE;
            }
            return 14 + (a[p + 13] & 0x07);
        }
        if ((b4 & 0xF0) == 0x20) {
            return 12;
        }
        return INVALID;
    }

    /** The 33-bit SCR base (90 kHz) of the pack header at {@code a[p]}; MPEG-2 or MPEG-1 layout. */
    static long scr(byte[] a, int p) {
        int b4 = a[p + 4] & 0xFF;
        if ((b4 & 0xC0) == 0x40) {
            long b5 = a[p + 5] & 0xFF;
            long b6 = a[p + 6] & 0xFF;
            long b7 = a[p + 7] & 0xFF;
            long b8 = a[p + 8] & 0xFF;
            return ((long) (b4 >> 3) & 0x07) << 30 | ((long) b4 & 0x03) << 28 | b5 << 20
                    | (b6 >> 3) << 15 | (b6 & 0x03) << 13 | b7 << 5 | b8 >> 3;
        }
        return timestamp(a, p + 4);
    }

    /** A 33-bit PTS/DTS (or MPEG-1 SCR) coded in 5 bytes with marker bits, at {@code a[i]}. */
    static long timestamp(byte[] a, int i) {
        return ((long) (a[i] & 0x0E)) << 29 | ((long) (a[i + 1] & 0xFF)) << 22 | ((long) (a[i + 2] & 0xFE)) << 14
                | ((long) (a[i + 3] & 0xFF)) << 7 | (a[i + 4] & 0xFF) >> 1;
    }

    static int u16(byte[] a, int i) {
        return ((a[i] & 0xFF) << 8) | (a[i + 1] & 0xFF);
    }
}
