package io.gbmesh.media.stream;

import java.util.Arrays;

/**
 * What an H.265 sequence parameter set says that a container needs (ITU-T H.265 §7.3.2.2.1 and
 * §7.3.3): the general profile, tier and level bytes, chroma format and bit depths for the
 * HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1), and the picture size after the
 * conformance window (§7.4.3.2.1).
 *
 * @param generalProfile the 12 bytes of general profile space, tier, profile idc, compatibility
 *                       flags, constraint flags and level idc, as the record copies them
 */
public record H265Sps(byte[] generalProfile, int maxSubLayersMinus1, boolean temporalIdNested, int chromaFormat,
                      int bitDepthLuma, int bitDepthChroma, int width, int height) {

    /** Parses an SPS NAL unit (type 33), its two header bytes included, without start code. */
    public static H265Sps parse(byte[] nal) throws H264Sps.MalformedSpsException {
        if (nal == null || nal.length < 16 || ((nal[0] >> 1) & 0x3F) != 33) {
            throw new H264Sps.MalformedSpsException("not an H.265 SPS NAL unit");
        }
        byte[] rbsp = H264Sps.unescape(nal, 2);
        if (rbsp.length < 13) {
            throw new H264Sps.MalformedSpsException("H.265 SPS ends in its profile");
        }
        H264Sps.BitReader r = new H264Sps.BitReader(rbsp);
        r.bits(4); // sps_video_parameter_set_id
        int maxSubLayersMinus1 = r.bits(3);
        boolean nested = r.bit() == 1;
        byte[] general = Arrays.copyOfRange(rbsp, 1, 13);
        r.bits(8);
        r.bits(32);
        r.bits(32);
        r.bits(16); // profile, compatibility flags, constraint flags
        r.bits(8); // general_level_idc
        boolean[] profilePresent = new boolean[maxSubLayersMinus1];
        boolean[] levelPresent = new boolean[maxSubLayersMinus1];
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            profilePresent[i] = r.bit() == 1;
            levelPresent[i] = r.bit() == 1;
        }
        if (maxSubLayersMinus1 > 0) {
            for (int i = maxSubLayersMinus1; i < 8; i++) {
                r.bits(2); // reserved_zero_2bits
            }
        }
        for (int i = 0; i < maxSubLayersMinus1; i++) {
            if (profilePresent[i]) {
                r.bits(32);
                r.bits(32);
                r.bits(24); // 88 bits of sub-layer profile
            }
            if (levelPresent[i]) {
                r.bits(8);
            }
        }
        r.ue(); // sps_seq_parameter_set_id
        int chroma = r.ue();
        if (chroma > 3) {
            throw new H264Sps.MalformedSpsException("chroma_format_idc " + chroma);
        }
        if (chroma == 3) {
            r.bit(); // separate_colour_plane_flag
        }
        int width = r.ue();
        int height = r.ue();
        if (r.bit() == 1) {
            // conformance window offsets are in chroma units (§7.4.3.2.1, table 6-1)
            int subWidth = chroma == 1 || chroma == 2 ? 2 : 1;
            int subHeight = chroma == 1 ? 2 : 1;
            int left = r.ue();
            int right = r.ue();
            int top = r.ue();
            int bottom = r.ue();
            width -= subWidth * (left + right);
            height -= subHeight * (top + bottom);
        }
        int luma = r.ue() + 8;
        int chromaDepth = r.ue() + 8;
        if (width <= 0 || height <= 0 || width > 16384 || height > 16384 || luma > 16 || chromaDepth > 16) {
            throw new H264Sps.MalformedSpsException("picture " + width + "x" + height + ", depth " + luma);
        }
        return new H265Sps(general, maxSubLayersMinus1, nested, chroma, luma, chromaDepth, width, height);
    }
}
