package io.gbmesh.protocol.media;

/**
 * G.711 (ITU-T G.711) companding of 16-bit linear PCM: A-law (RTP payload type 8, PCMA) and mu-law
 * (payload type 0, PCMU), one byte per sample, following the segment tables of the Sun reference code.
 */
public final class G711 {
    private static final int[] SEG_AEND = {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF};
    private static final int[] SEG_UEND = {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF};
    private static final int BIAS = 0x84;
    private static final int CLIP = 8159;

    private G711() {
    }

    /** One 16-bit sample to A-law. */
    public static byte linearToAlaw(short sample) {
        int pcm = sample >> 3;
        int mask;
        if (pcm >= 0) {
            mask = 0xD5;
        } else {
            mask = 0x55;
            pcm = -pcm - 1;
        }
        int seg = search(pcm, SEG_AEND);
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return (byte) (aval ^ mask);
    }

    /** One A-law byte back to 16-bit linear. */
    public static short alawToLinear(byte alaw) {
        int a = (alaw ^ 0x55) & 0xFF;
        int t = (a & 0x0F) << 4;
        int seg = (a & 0x70) >> 4;
        switch (seg) {
            case 0 -> t += 8;
            case 1 -> t += 0x108;
            default -> {
                t += 0x108;
                t <<= seg - 1;
            }
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    /** One 16-bit sample to mu-law. */
    public static byte linearToUlaw(short sample) {
        int pcm = sample >> 2;
        int mask;
        if (pcm < 0) {
            pcm = -pcm;
            mask = 0x7F;
        } else {
            mask = 0xFF;
        }
        if (pcm > CLIP) {
            pcm = CLIP;
        }
        pcm += BIAS >> 2;
        int seg = search(pcm, SEG_UEND);
        if (seg >= 8) {
            return (byte) (0x7F ^ mask);
        }
        int uval = (seg << 4) | ((pcm >> (seg + 1)) & 0x0F);
        return (byte) (uval ^ mask);
    }

    /** One mu-law byte back to 16-bit linear. */
    public static short ulawToLinear(byte ulaw) {
        int u = ~ulaw & 0xFF;
        int t = ((u & 0x0F) << 3) + BIAS;
        t <<= (u & 0x70) >> 4;
        return (short) ((u & 0x80) != 0 ? BIAS - t : t - BIAS);
    }

    /** Encodes {@code count} samples from {@code pcm[off]} into {@code out[outOff]}. */
    public static void encode(short[] pcm, int off, int count, boolean alaw, byte[] out, int outOff) {
        for (int i = 0; i < count; i++) {
            out[outOff + i] = alaw ? linearToAlaw(pcm[off + i]) : linearToUlaw(pcm[off + i]);
        }
    }

    private static int search(int value, int[] table) {
        for (int i = 0; i < table.length; i++) {
            if (value <= table[i]) {
                return i;
            }
        }
        return table.length;
    }
}
