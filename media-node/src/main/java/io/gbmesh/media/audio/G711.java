package io.gbmesh.media.audio;

/**
 * G.711 (ITU-T G.711 §2, tables 1a and 2a) expanded to linear samples: A-law and mu-law bytes as
 * 16-bit values, kept in two 256-entry tables built once.
 */
final class G711 {

    private static final short[] ALAW = new short[256];
    private static final short[] ULAW = new short[256];

    static {
        for (int i = 0; i < 256; i++) {
            ALAW[i] = alaw(i);
            ULAW[i] = ulaw(i);
        }
    }

    private G711() {
    }

    private static short alaw(int code) {
        int a = code ^ 0x55;
        int t = (a & 0x0F) << 4;
        int segment = (a & 0x70) >> 4;
        if (segment == 0) {
            t += 8;
        } else {
            t = (t + 0x108) << (segment - 1);
        }
        return (short) ((a & 0x80) != 0 ? t : -t);
    }

    private static short ulaw(int code) {
        int u = ~code & 0xFF;
        int t = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (short) ((u & 0x80) != 0 ? 0x84 - t : t - 0x84);
    }

    /** The linear value of one byte, A-law when {@code aLaw}, else mu-law. */
    static short linear(boolean aLaw, byte code) {
        return (aLaw ? ALAW : ULAW)[code & 0xFF];
    }
}
