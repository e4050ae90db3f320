package io.gbmesh.protocol.ptz;

import java.util.Locale;

/**
 * The pan/tilt/zoom motions of a PTZ instruction (GB/T 28181-2016 A.3.2): the bits of byte 4,
 * bit 5 zoom out (wide), bit 4 zoom in (tele), bit 3 up, bit 2 down, bit 1 left, bit 0 right.
 */
public enum PtzMotion {
    STOP(0x00), RIGHT(0x01), LEFT(0x02), DOWN(0x04), UP(0x08),
    DOWNRIGHT(0x05), DOWNLEFT(0x06), UPRIGHT(0x09), UPLEFT(0x0A),
    ZOOMIN(0x10), ZOOMOUT(0x20);

    private final int bits;

    PtzMotion(int bits) {
        this.bits = bits;
    }

    int bits() {
        return bits;
    }

    boolean pans() {
        return (bits & 0x03) != 0;
    }

    boolean tilts() {
        return (bits & 0x0C) != 0;
    }

    boolean zooms() {
        return (bits & 0x30) != 0;
    }

    /** The API's name: {@code upleft}, {@code zoomin}, ... */
    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The motion of an API name, or null. */
    public static PtzMotion byApiName(String name) {
        for (PtzMotion m : values()) {
            if (m.apiName().equals(name)) {
                return m;
            }
        }
        return null;
    }
}
