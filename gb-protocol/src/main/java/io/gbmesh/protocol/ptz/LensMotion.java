package io.gbmesh.protocol.ptz;

import java.util.Locale;

/**
 * The focus and iris motions of an FI instruction (GB/T 28181-2016 A.3.3): byte 4 is {@code 0100}
 * then bit 3 iris close, bit 2 iris open, bit 1 focus near, bit 0 focus far.
 */
public enum LensMotion {
    FOCUSFAR(0x01), FOCUSNEAR(0x02), IRISOPEN(0x04), IRISCLOSE(0x08);

    private final int bits;

    LensMotion(int bits) {
        this.bits = bits;
    }

    int bits() {
        return bits;
    }

    boolean focuses() {
        return (bits & 0x03) != 0;
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static LensMotion byApiName(String name) {
        for (LensMotion m : values()) {
            if (m.apiName().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
