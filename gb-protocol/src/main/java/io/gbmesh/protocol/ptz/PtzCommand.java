package io.gbmesh.protocol.ptz;

/**
 * The 8-byte front-end device control instruction carried as hex in {@code <PTZCmd>} (GB/T 28181-2016
 * annex A.3): byte 1 {@code A5}; byte 2 the combination code (high nibble version 0, low nibble the
 * check {@code (0xA + 0x5 + version) % 16}); byte 3 the address's low 8 bits; byte 4 the instruction;
 * bytes 5 and 6 data 1 and 2; byte 7 data 3 in the high nibble and the address's high 4 bits in the
 * low nibble; byte 8 the sum of bytes 1 to 7 modulo 256.
 *
 * <p>{@code A50F01029600004D} is "left at pan speed 0x96" (reference 6.5), {@code A50F0100000000B5} stop,
 * {@code A50F018100020038} "set preset 2" (reference 6.6).
 */
public record PtzCommand(int address, int code, int data1, int data2, int data3) {
    static final int LEAD = 0xA5;
    static final int VERSION = 0;
    /** The reference platform's and most devices' address. */
    public static final int DEFAULT_ADDRESS = 1;

    /** Instruction codes of A.3.4 to A.3.7 (presets, cruise, scan, auxiliary switches). */
    public static final int PRESET_SET = 0x81;
    public static final int PRESET_CALL = 0x82;
    public static final int PRESET_DELETE = 0x83;
    public static final int CRUISE_ADD = 0x84;
    public static final int CRUISE_REMOVE = 0x85;
    public static final int CRUISE_SPEED = 0x86;
    public static final int CRUISE_DWELL = 0x87;
    public static final int CRUISE_START = 0x88;
    public static final int SCAN = 0x89;
    public static final int SCAN_SPEED = 0x8A;
    public static final int AUX_ON = 0x8C;
    public static final int AUX_OFF = 0x8D;

    public PtzCommand {
        check("address", address, 0xFFF);
        check("instruction", code, 0xFF);
        check("data 1", data1, 0xFF);
        check("data 2", data2, 0xFF);
        check("data 3", data3, 0x0F);
    }

    private static void check(String what, int value, int max) {
        if (value < 0 || value > max) {
            throw new IllegalArgumentException(what + " must be 0.." + max + ", not " + value);
        }
    }

    /**
     * A pan/tilt/zoom motion at {@code speed} 0..255: the moving axes get the speed (pan byte 5, tilt
     * byte 6), the others 0, as the reference's "left" example; zoom speed is 4 bits, so it is the
     * speed scaled to 0..15.
     */
    public static PtzCommand move(PtzMotion motion, int speed) {
        check("speed", speed, 0xFF);
        return new PtzCommand(DEFAULT_ADDRESS, motion.bits(), motion.pans() ? speed : 0, motion.tilts() ? speed : 0,
                motion.zooms() ? zoomSpeed(speed) : 0);
    }

    public static PtzCommand stop() {
        return move(PtzMotion.STOP, 0);
    }

    /** A focus or iris motion at {@code speed} 0..255 (byte 5 focus speed, byte 6 iris speed). */
    public static PtzCommand lens(LensMotion motion, int speed) {
        check("speed", speed, 0xFF);
        return new PtzCommand(DEFAULT_ADDRESS, 0x40 | motion.bits(), motion.focuses() ? speed : 0,
                motion.focuses() ? 0 : speed, 0);
    }

    /** Stops focus and iris: the FI instruction with no bit set. */
    public static PtzCommand lensStop() {
        return new PtzCommand(DEFAULT_ADDRESS, 0x40, 0, 0, 0);
    }

    /** Preset set, call or delete ({@link #PRESET_SET} ...) of preset 1..255 (byte 6). */
    public static PtzCommand preset(int code, int preset) {
        if (code < PRESET_SET || code > PRESET_DELETE) {
            throw new IllegalArgumentException("not a preset instruction: " + code);
        }
        if (preset < 1 || preset > 255) {
            throw new IllegalArgumentException("preset must be 1..255, not " + preset);
        }
        return new PtzCommand(DEFAULT_ADDRESS, code, 0, preset, 0);
    }

    /**
     * A cruise instruction (A.3.5) of cruise group {@code group}: add or remove a preset
     * ({@code value} the preset, 0 removes the whole cruise), set the speed or the dwell time
     * ({@code value} 12 bits: low 8 in byte 6, high 4 in byte 7), or start it.
     */
    public static PtzCommand cruise(int code, int group, int value) {
        if (code < CRUISE_ADD || code > CRUISE_START) {
            throw new IllegalArgumentException("not a cruise instruction: " + code);
        }
        check("cruise group", group, 0xFF);
        check("cruise value", value, 0xFFF);
        return new PtzCommand(DEFAULT_ADDRESS, code, group, value & 0xFF, value >> 8);
    }

    /** Zoom speed 0..15 from a speed 0..255, rounded (255 is 15, 128 is 8). */
    public static int zoomSpeed(int speed) {
        return (speed * 15 + 127) / 255;
    }

    public byte[] toBytes() {
        byte[] b = new byte[8];
        b[0] = (byte) LEAD;
        b[1] = (byte) (VERSION << 4 | ((0xA + 0x5 + VERSION) & 0x0F));
        b[2] = (byte) (address & 0xFF);
        b[3] = (byte) code;
        b[4] = (byte) data1;
        b[5] = (byte) data2;
        b[6] = (byte) (data3 << 4 | (address >> 8));
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += b[i] & 0xFF;
        }
        b[7] = (byte) sum;
        return b;
    }

    /** Upper-case hex, as in {@code <PTZCmd>}. */
    public String toHex() {
        StringBuilder s = new StringBuilder(16);
        for (byte x : toBytes()) {
            s.append(Character.toUpperCase(Character.forDigit((x >> 4) & 0xF, 16)))
                    .append(Character.toUpperCase(Character.forDigit(x & 0xF, 16)));
        }
        return s.toString();
    }

    /** Reads a {@code PTZCmd} text (either case, surrounding blanks ignored), checking lead byte, combination code and checksum. */
    public static PtzCommand parse(String hex) throws PtzParseException {
        if (hex == null) {
            throw new PtzParseException("no PTZCmd");
        }
        String h = hex.strip();
        if (h.length() != 16) {
            throw new PtzParseException("PTZCmd must be 16 hex digits, got " + Math.min(h.length(), 64) + " characters");
        }
        int[] b = new int[8];
        for (int i = 0; i < 8; i++) {
            int hi = Character.digit(h.charAt(2 * i), 16);
            int lo = Character.digit(h.charAt(2 * i + 1), 16);
            if (hi < 0 || lo < 0) {
                throw new PtzParseException("PTZCmd is not hex");
            }
            b[i] = hi << 4 | lo;
        }
        if (b[0] != LEAD) {
            throw new PtzParseException("PTZCmd must start with A5");
        }
        int version = b[1] >> 4;
        if ((b[1] & 0x0F) != ((0xA + 0x5 + version) & 0x0F)) {
            throw new PtzParseException("PTZCmd combination code check is wrong");
        }
        if (version != VERSION) {
            throw new PtzParseException("PTZCmd version " + version + " is not the standard's 0");
        }
        int sum = 0;
        for (int i = 0; i < 7; i++) {
            sum += b[i];
        }
        if ((sum & 0xFF) != b[7]) {
            throw new PtzParseException("PTZCmd checksum is wrong");
        }
        return new PtzCommand((b[6] & 0x0F) << 8 | b[2], b[3], b[4], b[5], b[6] >> 4);
    }

    /** True for a pan/tilt/zoom instruction (A.3.2), stop included. */
    public boolean isPtz() {
        return (code & 0xC0) == 0;
    }

    /** True for a focus/iris instruction (A.3.3). */
    public boolean isLens() {
        return (code & 0xF0) == 0x40;
    }

    /** True when nothing moves: a PTZ or FI instruction with no motion bit. */
    public boolean isStop() {
        return (isPtz() && (code & 0x3F) == 0) || (isLens() && (code & 0x0F) == 0);
    }

    /** Pan direction of a PTZ instruction: -1 left, 1 right, 0 none. */
    public int panDirection() {
        return !isPtz() ? 0 : direction(code & 0x01, code & 0x02);
    }

    /** Tilt direction of a PTZ instruction: -1 down, 1 up, 0 none. */
    public int tiltDirection() {
        return !isPtz() ? 0 : direction(code & 0x08, code & 0x04);
    }

    /** Zoom direction of a PTZ instruction: -1 out, 1 in, 0 none. */
    public int zoomDirection() {
        return !isPtz() ? 0 : direction(code & 0x10, code & 0x20);
    }

    private static int direction(int positive, int negative) {
        if (positive != 0 && negative != 0) {
            return 0; // both bits: the standard leaves it undefined; nothing moves
        }
        return positive != 0 ? 1 : negative != 0 ? -1 : 0;
    }

    /** The motion of a PTZ instruction, or null for other instructions and undefined bit combinations. */
    public PtzMotion motion() {
        for (PtzMotion m : PtzMotion.values()) {
            if (isPtz() && m.bits() == code) {
                return m;
            }
        }
        return null;
    }

    /** The motion of an FI instruction with exactly one bit, or null. */
    public LensMotion lensMotion() {
        for (LensMotion m : LensMotion.values()) {
            if (isLens() && (code & 0x0F) == m.bits()) {
                return m;
            }
        }
        return null;
    }

    /** The preset of a preset instruction (byte 6). */
    public int presetNumber() {
        return data2;
    }

    @Override
    public String toString() {
        return toHex();
    }
}
