package io.gbmesh.protocol.media;

import java.util.Arrays;

/**
 * Reading H.264 / H.265 Annex-B byte streams (ITU-T H.264 annex B, H.265 annex B): start codes,
 * NAL unit types, key frames and parameter sets. Only NAL headers are read; the scan of an access
 * unit stops at its first VCL NAL unit, since parameter sets precede the coded picture.
 */
public final class AnnexB {

    private AnnexB() {
    }

    /**
     * Index of the first {@code 00 00 01} start code prefix in {@code a[from, to)}, or -1.
     * A four-byte start code {@code 00 00 00 01} is found at its second byte.
     */
    public static int findStartCode(byte[] a, int from, int to) {
        int i = from + 2;
        while (i < to) {
            int b = a[i];
            if (b == 0) {
                i += 1;
            } else if (b == 1 && a[i - 1] == 0 && a[i - 2] == 0) {
                return i - 2;
            } else {
                // a[i] is neither the 00 nor the 01 of a start code ending at i, i+1 or i+2.
                i += 3;
            }
        }
        return -1;
    }

    /**
     * Guesses the video codec of an elementary stream from the NAL units in {@code a[off, off+len)}:
     * H.265 on a VPS/SPS/PPS (32/33/34) or IDR (19/20) header with {@code nuh_layer_id} 0 and
     * {@code nuh_temporal_id_plus1} 1; H.264 on an SPS/PPS/IDR (7/8/5). {@link Codec#UNKNOWN} when
     * none of those is present (e.g. a stream joined between key frames).
     */
    public static Codec guessVideoCodec(byte[] a, int off, int len) {
        int end = off + len;
        int sc = findStartCode(a, off, end);
        while (sc >= 0 && sc + 3 < end) {
            int h = sc + 3;
            int b0 = a[h] & 0xFF;
            if ((b0 & 0x80) == 0) {
                if (h + 1 < end && a[h + 1] == 0x01 && (b0 & 0x01) == 0) {
                    int t265 = b0 >> 1;
                    if (t265 == 32 || t265 == 33 || t265 == 34 || t265 == 19 || t265 == 20) {
                        return Codec.H265;
                    }
                }
                int t264 = b0 & 0x1F;
                if (t264 == 7 || t264 == 8 || t264 == 5) {
                    return Codec.H264;
                }
            }
            sc = findStartCode(a, h, end);
        }
        return Codec.UNKNOWN;
    }

    /**
     * Builds the frame for one video access unit, reading its NAL headers for the key-frame flag and
     * copying out the parameter sets of key frames. Codecs other than H.264/H.265 are passed through
     * as non-key frames without parameter sets.
     */
    public static MediaFrame videoFrame(Codec codec, int streamId, long pts, long dts, byte[] au) {
        if (codec != Codec.H264 && codec != Codec.H265) {
            return MediaFrame.of(codec, streamId, pts, dts, false, au);
        }
        boolean h265 = codec == Codec.H265;
        byte[] vps = null;
        byte[] sps = null;
        byte[] pps = null;
        boolean key = false;
        int end = au.length;
        int sc = findStartCode(au, 0, end);
        while (sc >= 0 && sc + 3 < end) {
            int nal = sc + 3;
            int type = h265 ? (au[nal] >> 1) & 0x3F : au[nal] & 0x1F;
            boolean vcl = h265 ? type < 32 : type >= 1 && type <= 5;
            if (vcl) {
                key = h265 ? type >= 16 && type <= 21 : type == 5;
                break;
            }
            int next = findStartCode(au, nal, end);
            boolean parameterSet = h265 ? type >= 32 && type <= 34 : type == 7 || type == 8;
            if (parameterSet) {
                byte[] nalu = Arrays.copyOfRange(au, nal, trimTrailingZeros(au, nal, next < 0 ? end : next));
                if (h265 && type == 32) {
                    vps = vps == null ? nalu : vps;
                } else if (h265 ? type == 33 : type == 7) {
                    sps = sps == null ? nalu : sps;
                } else {
                    pps = pps == null ? nalu : pps;
                }
            }
            sc = next;
        }
        if (!key) {
            // Parameter sets are only reported with the picture they allow to decode.
            return MediaFrame.of(codec, streamId, pts, dts, false, au);
        }
        return new MediaFrame(codec, streamId, pts, dts, true, au, vps, sps, pps);
    }

    /** The end of a NAL unit without the leading zero of a following four-byte start code. */
    private static int trimTrailingZeros(byte[] a, int from, int to) {
        while (to > from && a[to - 1] == 0) {
            to--;
        }
        return to;
    }
}
