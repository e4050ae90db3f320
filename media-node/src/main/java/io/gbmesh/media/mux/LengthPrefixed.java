package io.gbmesh.media.mux;

import io.gbmesh.protocol.media.AnnexB;
import io.gbmesh.protocol.media.Codec;

import java.util.Arrays;

/**
 * An Annex-B access unit rewritten as containers with an avcC/hvcC record carry it (ISO/IEC 14496-15
 * §5.3.2, §8.3.2): each NAL unit prefixed with its 4-byte length instead of a start code, parameter
 * sets and access unit delimiters left out since the record carries them.
 */
public final class LengthPrefixed {

    private LengthPrefixed() {
    }

    /** The NAL units of {@code annexB} as [start, end) pairs that a sample keeps. */
    public static int[] nalUnits(Codec codec, byte[] annexB) {
        boolean h265 = codec == Codec.H265;
        int[] nals = new int[16];
        int count = 0;
        int end = annexB.length;
        int sc = AnnexB.findStartCode(annexB, 0, end);
        while (sc >= 0) {
            int start = sc + 3;
            int next = AnnexB.findStartCode(annexB, start, end);
            int stop = next < 0 ? end : next;
            while (stop > start && annexB[stop - 1] == 0) {
                stop--;
            }
            if (stop > start && kept(h265, annexB[start])) {
                if (count * 2 + 2 > nals.length) {
                    nals = Arrays.copyOf(nals, nals.length * 2);
                }
                nals[count * 2] = start;
                nals[count * 2 + 1] = stop;
                count++;
            }
            sc = next;
        }
        return Arrays.copyOf(nals, count * 2);
    }

    private static boolean kept(boolean h265, byte header) {
        if (h265) {
            int type = (header >> 1) & 0x3F;
            return type < 32 || type > 35; // VPS, SPS, PPS, AUD
        }
        int type = header & 0x1F;
        return type != 7 && type != 8 && type != 9; // SPS, PPS, AUD
    }

    /** The bytes the NAL units take once length-prefixed. */
    public static int size(int[] nals) {
        int n = 0;
        for (int i = 0; i < nals.length; i += 2) {
            n += 4 + nals[i + 1] - nals[i];
        }
        return n;
    }

    /** Writes the NAL units with their length prefixes at {@code out[p]}; returns the position after them. */
    public static int write(byte[] src, int[] nals, byte[] out, int p) {
        for (int i = 0; i < nals.length; i += 2) {
            int len = nals[i + 1] - nals[i];
            out[p] = (byte) (len >>> 24);
            out[p + 1] = (byte) (len >>> 16);
            out[p + 2] = (byte) (len >>> 8);
            out[p + 3] = (byte) len;
            System.arraycopy(src, nals[i], out, p + 4, len);
            p += 4 + len;
        }
        return p;
    }
}
