package io.gbmesh.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A deterministic byte mutator: the same seed gives the same inputs, so a finding is replayed by
 * its iteration number. Each input is a seed with one to four stacked edits: bit flips, bytes set
 * to the separators parsers branch on, inserted tokens, deletions, duplicated chunks, a splice
 * with another seed, numbers replaced by boundary values (in text and in binary) and one chunk
 * repeated thousands of times, which is what finds regular expression and recursion bombs.
 */
public final class Mutator {

    private static final byte[] INTERESTING_BYTES = {
        0, 1, 0x7F, (byte) 0x80, (byte) 0xFF, '\r', '\n', ' ', '\t', ':', ';', ',', '<', '>', '"', '\\',
        '=', '/', '@', '?', '!', '-', '0', '9', (byte) 0xC0, (byte) 0xE0, (byte) 0xBA, (byte) 0xBC};

    private static final byte[][] TOKENS = ascii(
        "\r\n", "\n", "\r\n\r\n", "\n\n", " ", ";", ";;", "<", ">", "\"", "\\", "=", ":", "@", "[", "]", "%",
        "Content-Length: ", "l: ", "Via: ", "SIP/2.0", "sip:", "<sip:", ";tag=", ";branch=", ";received=",
        "m=", "a=", "c=IN IP4 ", "o=", "t=", "y=", "v=0\r\n", "<?", "?>", "<??>", "<!--", "-->", "<![CDATA[",
        "]]>", "&amp;", "&#0;", "</", "/>", "<Item>", "<Num>", "<SumNum>", "<SN>", "<CmdType>", "<DeviceID>",
        "\u0000\u0000\u0001\u00BA", "\u0000\u0000\u0001\u00E0", "\u0000\u0000\u0001\u00BC", "\u0000\u0000\u0001",
        "\u0000\u0000\u0000\u0001\u0067", "\u0000\u0000\u0000\u0001\u0068");

    private static final String[] BOUNDARY_NUMBERS = {
        "0", "-0", "-1", "1", "127", "128", "255", "256", "65535", "65536", "2147483647", "2147483648",
        "-2147483648", "-2147483649", "4294967295", "4294967296", "9223372036854775807",
        "9223372036854775808", "-9223372036854775809", "99999999999999999999", "1e10", "0x10", "+1", "",
        "00000000000000000000000001", "1.5", "NaN"};

    private static final long[] BOUNDARY_BINARY = {
        0, 1, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFFL, 0x80000000L, 0xFFFFFFFFL};

    /** How many times a repeated chunk is written: the big counts reach recursion limits. */
    private static final int[] REPEATS = {2, 16, 100, 1_000};
    /** Used for one repeat in four: enough to find the bombs without making every input large. */
    private static final int[] BIG_REPEATS = {5_000, 15_000, 40_000};

    private final SplittableRandom random;
    private final int maxLength;

    public Mutator(long seed, int maxLength) {
        this.random = new SplittableRandom(seed);
        this.maxLength = maxLength;
    }

    public SplittableRandom random() {
        return random;
    }

    /** A mutant of {@code seed}; {@code other} is the second parent of a splice. */
    public byte[] mutate(byte[] seed, byte[] other) {
        byte[] out = seed;
        int edits = 1 + (random.nextInt(4) == 0 ? random.nextInt(4) : 0);
        for (int i = 0; i < edits; i++) {
            out = edit(out, other);
        }
        return out.length > maxLength ? Arrays.copyOf(out, maxLength) : out;
    }

    private byte[] edit(byte[] in, byte[] other) {
        if (in.length == 0) {
            return insert(in, 0, token());
        }
        int at = random.nextInt(in.length);
        switch (random.nextInt(12)) {
            case 0, 1 -> {
                byte[] out = in.clone();
                out[at] ^= (byte) (1 << random.nextInt(8));
                return out;
            }
            case 2 -> {
                byte[] out = in.clone();
                out[at] = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                return out;
            }
            case 3, 4 -> {
                return insert(in, at, random.nextBoolean() ? token() : randomBytes(1 + random.nextInt(8)));
            }
            case 5 -> {
                int n = 1 + random.nextInt(Math.max(1, Math.min(in.length - at, in.length / 4 + 1)));
                return delete(in, at, Math.min(n, in.length - at));
            }
            case 6 -> {
                int n = 1 + random.nextInt(Math.min(64, in.length - at));
                return insert(in, random.nextInt(in.length + 1), Arrays.copyOfRange(in, at, at + n));
            }
            case 7 -> {
                return splice(in, other);
            }
            case 8 -> {
                return boundaryNumber(in, at);
            }
            case 9 -> {
                return boundaryBinary(in, at);
            }
            case 10 -> {
                return repeat(in, at);
            }
            default -> {
                return Arrays.copyOf(in, at);
            }
        }
    }

    private byte[] token() {
        return TOKENS[random.nextInt(TOKENS.length)];
    }

    private byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) random.nextInt(256);
        }
        return b;
    }

    private byte[] splice(byte[] in, byte[] other) {
        if (other == null || other.length == 0) {
            return in;
        }
        if (random.nextBoolean()) {
            int cut = random.nextInt(in.length + 1);
            int from = random.nextInt(other.length);
            byte[] out = Arrays.copyOf(in, cut + other.length - from);
            System.arraycopy(other, from, out, cut, other.length - from);
            return out;
        }
        int from = random.nextInt(other.length);
        int n = 1 + random.nextInt(Math.min(256, other.length - from));
        return insert(in, random.nextInt(in.length + 1), Arrays.copyOfRange(other, from, from + n));
    }

    /** Replaces the run of ASCII digits at or after {@code at} by a boundary value. */
    private byte[] boundaryNumber(byte[] in, int at) {
        int start = at;
        while (start < in.length && (in[start] < '0' || in[start] > '9')) {
            start++;
        }
        if (start == in.length) {
            return insert(in, at, BOUNDARY_NUMBERS[random.nextInt(BOUNDARY_NUMBERS.length)].getBytes(StandardCharsets.US_ASCII));
        }
        int end = start;
        while (end < in.length && in[end] >= '0' && in[end] <= '9') {
            end++;
        }
        byte[] number = BOUNDARY_NUMBERS[random.nextInt(BOUNDARY_NUMBERS.length)].getBytes(StandardCharsets.US_ASCII);
        return insert(delete(in, start, end - start), start, number);
    }

    /** Overwrites 1, 2 or 4 bytes big-endian with a boundary value: lengths, counts, sequence numbers. */
    private byte[] boundaryBinary(byte[] in, int at) {
        int width = 1 << random.nextInt(3);
        long value = BOUNDARY_BINARY[random.nextInt(BOUNDARY_BINARY.length)];
        byte[] out = in.clone();
        for (int i = 0; i < width && at + i < out.length; i++) {
            out[at + i] = (byte) (value >>> (8 * (width - 1 - i)));
        }
        return out;
    }

    private byte[] repeat(byte[] in, int at) {
        int n = 1 + random.nextInt(Math.min(16, in.length - at));
        int times = random.nextInt(4) == 0 ? BIG_REPEATS[random.nextInt(BIG_REPEATS.length)] : REPEATS[random.nextInt(REPEATS.length)];
        times = Math.max(1, Math.min(times, (maxLength - in.length) / n));
        byte[] out = new byte[in.length + n * times];
        System.arraycopy(in, 0, out, 0, at + n);
        for (int t = 0; t < times; t++) {
            System.arraycopy(in, at, out, at + n + t * n, n);
        }
        System.arraycopy(in, at + n, out, at + n + times * n, in.length - at - n);
        return out;
    }

    static byte[] insert(byte[] in, int at, byte[] what) {
        byte[] out = new byte[in.length + what.length];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(what, 0, out, at, what.length);
        System.arraycopy(in, at, out, at + what.length, in.length - at);
        return out;
    }

    static byte[] delete(byte[] in, int at, int n) {
        byte[] out = new byte[in.length - n];
        System.arraycopy(in, 0, out, 0, at);
        System.arraycopy(in, at + n, out, at, in.length - at - n);
        return out;
    }

    private static byte[][] ascii(String... tokens) {
        byte[][] out = new byte[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            out[i] = tokens[i].getBytes(StandardCharsets.ISO_8859_1);
        }
        return out;
    }
}
