package io.gbmesh.media.stream;

/**
 * The picture size in an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1, with the frame
 * cropping of §7.4.2.1.1), for the width and height a stream reports when it starts.
 *
 * @param width  luma width in pixels, after cropping
 * @param height luma height in pixels, after cropping
 */
public record H264Sps(int profileIdc, int levelIdc, int width, int height) {

    /** Profiles whose SPS carries chroma format, bit depths and scaling matrices (§7.3.2.1.1). */
    private static final int[] HIGH_PROFILES = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135};

    /** Thrown for an SPS that ends early or holds values out of range. */
    public static final class MalformedSpsException extends Exception {
        MalformedSpsException(String message) {
            super(message, null, false, false);
        }
    }

    /** Parses an SPS NAL unit, header byte included, without start code. */
    public static H264Sps parse(byte[] nal) throws MalformedSpsException {
        if (nal == null || nal.length < 4 || (nal[0] & 0x1F) != 7) {
            throw new MalformedSpsException("not an H.264 SPS NAL unit");
        }
        BitReader r = new BitReader(unescape(nal, 1));
        int profile = r.bits(8);
        r.bits(8); // constraint flags
        int level = r.bits(8);
        r.ue(); // seq_parameter_set_id
        int chromaFormat = 1;
        boolean separateColourPlanes = false;
        if (isHighProfile(profile)) {
            chromaFormat = r.ue();
            if (chromaFormat > 3) {
                throw new MalformedSpsException("chroma_format_idc " + chromaFormat);
            }
            if (chromaFormat == 3) {
                separateColourPlanes = r.bit() == 1;
            }
            r.ue(); // bit_depth_luma_minus8
            r.ue(); // bit_depth_chroma_minus8
            r.bit(); // qpprime_y_zero_transform_bypass_flag
            if (r.bit() == 1) {
                int lists = chromaFormat == 3 ? 12 : 8;
                for (int i = 0; i < lists; i++) {
                    if (r.bit() == 1) {
                        skipScalingList(r, i < 6 ? 16 : 64);
                    }
                }
            }
        }
        r.ue(); // log2_max_frame_num_minus4
        int pocType = r.ue();
        if (pocType == 0) {
            r.ue(); // log2_max_pic_order_cnt_lsb_minus4
        } else if (pocType == 1) {
            r.bit(); // delta_pic_order_always_zero_flag
            r.se(); // offset_for_non_ref_pic
            r.se(); // offset_for_top_to_bottom_field
            int cycle = r.ue();
            if (cycle > 255) {
                throw new MalformedSpsException("num_ref_frames_in_pic_order_cnt_cycle " + cycle);
            }
            for (int i = 0; i < cycle; i++) {
                r.se();
            }
        }
        r.ue(); // max_num_ref_frames
        r.bit(); // gaps_in_frame_num_value_allowed_flag
        int widthInMbs = r.ue() + 1;
        int heightInMapUnits = r.ue() + 1;
        int frameMbsOnly = r.bit();
        if (frameMbsOnly == 0) {
            r.bit(); // mb_adaptive_frame_field_flag
        }
        r.bit(); // direct_8x8_inference_flag
        int cropLeft = 0;
        int cropRight = 0;
        int cropTop = 0;
        int cropBottom = 0;
        if (r.bit() == 1) {
            cropLeft = r.ue();
            cropRight = r.ue();
            cropTop = r.ue();
            cropBottom = r.ue();
        }
        // §7.4.2.1.1: crop units depend on ChromaArrayType (0 for monochrome or separate planes).
        int chromaArrayType = separateColourPlanes ? 0 : chromaFormat;
        int cropUnitX;
        int cropUnitY;
        if (chromaArrayType == 0) {
            cropUnitX = 1;
            cropUnitY = 2 - frameMbsOnly;
        } else {
            int subWidthC = chromaFormat == 3 ? 1 : 2;
            int subHeightC = chromaFormat == 1 ? 2 : 1;
            cropUnitX = subWidthC;
            cropUnitY = subHeightC * (2 - frameMbsOnly);
        }
        int width = widthInMbs * 16 - cropUnitX * (cropLeft + cropRight);
        int height = (2 - frameMbsOnly) * heightInMapUnits * 16 - cropUnitY * (cropTop + cropBottom);
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
            throw new MalformedSpsException("picture size " + width + "x" + height);
        }
        return new H264Sps(profile, level, width, height);
    }

    private static boolean isHighProfile(int profile) {
        for (int p : HIGH_PROFILES) {
            if (p == profile) {
                return true;
            }
        }
        return false;
    }

    private static void skipScalingList(BitReader r, int size) throws MalformedSpsException {
        int last = 8;
        int next = 8;
        for (int j = 0; j < size; j++) {
            if (next != 0) {
                next = (last + r.se() + 256) % 256;
            }
            last = next == 0 ? last : next;
        }
    }

    /** The RBSP of a NAL unit: its bytes from {@code from} without emulation prevention bytes (§7.4.1). */
    static byte[] unescape(byte[] nal, int from) {
        byte[] out = new byte[nal.length - from];
        int n = 0;
        int zeros = 0;
        for (int i = from; i < nal.length; i++) {
            int b = nal[i] & 0xFF;
            if (zeros >= 2 && b == 3) {
                zeros = 0;
                continue;
            }
            zeros = b == 0 ? zeros + 1 : 0;
            out[n++] = (byte) b;
        }
        return java.util.Arrays.copyOf(out, n);
    }

    /** Reads bits and Exp-Golomb codes (§9.1) MSB first. */
    static final class BitReader {
        private final byte[] data;
        private int bit;

        BitReader(byte[] data) {
            this.data = data;
        }

        int bit() throws MalformedSpsException {
            if (bit >= data.length * 8) {
                throw new MalformedSpsException("SPS ends early at bit " + bit);
            }
            int v = (data[bit >>> 3] >> (7 - (bit & 7))) & 1;
            bit++;
            return v;
        }

        int bits(int n) throws MalformedSpsException {
            int v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }

        /** ue(v): leading zeros, a one, then as many bits. */
        int ue() throws MalformedSpsException {
            int zeros = 0;
            while (bit() == 0) {
                if (++zeros > 31) {
                    throw new MalformedSpsException("Exp-Golomb code over 32 bits");
                }
            }
            return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : bitsLong(zeros)));
        }

        private long bitsLong(int n) throws MalformedSpsException {
            long v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 1) | bit();
            }
            return v;
        }

        /** se(v): ue(v) mapped to 0, 1, -1, 2, -2, ... */
        int se() throws MalformedSpsException {
            int k = ue();
            return (k & 1) == 1 ? (k + 1) / 2 : -(k / 2);
        }
    }
}
