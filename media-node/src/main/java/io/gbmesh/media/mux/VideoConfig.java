package io.gbmesh.media.mux;

import io.gbmesh.media.stream.H264Sps;
import io.gbmesh.media.stream.H265Sps;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The decoder set-up of an H.264 or H.265 stream as containers carry it, built from the parameter
 * sets of a key frame: the AVCDecoderConfigurationRecord (ISO/IEC 14496-15 §5.3.3.1, "avcC") or the
 * HEVCDecoderConfigurationRecord (§8.3.3.1, "hvcC"), with the picture size from the SPS. Both
 * records say NAL units are prefixed with 4-byte lengths.
 *
 * @param parameterSets the parameter sets the record was built from (VPS, SPS, PPS), to tell a change
 */
public record VideoConfig(Codec codec, byte[] record, int width, int height, byte[][] parameterSets) {

    /**
     * The configuration of a key frame's parameter sets, or null when the frame is no key frame, lacks
     * one of them, or they cannot be read (only a damaged stream has such).
     */
    public static VideoConfig of(MediaFrame frame) {
        if (!frame.keyFrame() || !usable(frame.sps(), 4) || !usable(frame.pps(), 1)) {
            return null;
        }
        try {
            if (frame.codec() == Codec.H264) {
                H264Sps sps = H264Sps.parse(frame.sps());
                return new VideoConfig(Codec.H264, avcC(frame.sps(), frame.pps()), sps.width(), sps.height(),
                        new byte[][] {frame.sps(), frame.pps()});
            }
            if (frame.codec() == Codec.H265 && usable(frame.vps(), 3)) {
                H265Sps sps = H265Sps.parse(frame.sps());
                return new VideoConfig(Codec.H265, hvcC(frame.vps(), frame.sps(), frame.pps(), sps), sps.width(),
                        sps.height(), new byte[][] {frame.vps(), frame.sps(), frame.pps()});
            }
        } catch (H264Sps.MalformedSpsException e) {
            return null;
        }
        return null;
    }

    /** Whether a key frame carries other parameter sets than these. */
    public boolean differsFrom(MediaFrame frame) {
        byte[][] now = frame.codec() == Codec.H265 ? new byte[][] {frame.vps(), frame.sps(), frame.pps()}
                : new byte[][] {frame.sps(), frame.pps()};
        return frame.codec() != codec || !Arrays.deepEquals(now, parameterSets);
    }

    /**
     * A parameter set a record can carry: each is written with a 16-bit length, and the record copies
     * profile bytes from the SPS. A shorter or longer one, which only a damaged stream has, is as good as none.
     */
    private static boolean usable(byte[] parameterSet, int minLength) {
        return parameterSet != null && parameterSet.length >= minLength && parameterSet.length <= 0xFFFF;
    }

    /** AVCDecoderConfigurationRecord for one SPS and one PPS (NAL units with header byte, no start code). */
    public static byte[] avcC(byte[] sps, byte[] pps) {
        ByteArrayOutputStream record = new ByteArrayOutputStream(16 + sps.length + pps.length);
        record.write(1); // configurationVersion
        record.write(sps[1]); // AVCProfileIndication
        record.write(sps[2]); // profile_compatibility
        record.write(sps[3]); // AVCLevelIndication
        record.write(0xFF); // reserved, lengthSizeMinusOne = 3
        record.write(0xE1); // reserved, one SPS
        writeNal(record, sps);
        record.write(1); // one PPS
        writeNal(record, pps);
        return record.toByteArray();
    }

    /** HEVCDecoderConfigurationRecord with one VPS, SPS and PPS array (§8.3.3.1.2). */
    public static byte[] hvcC(byte[] vps, byte[] sps, byte[] pps, H265Sps parsed) {
        ByteArrayOutputStream r = new ByteArrayOutputStream(64 + vps.length + sps.length + pps.length);
        r.write(1); // configurationVersion
        r.writeBytes(parsed.generalProfile()); // profile space .. general_level_idc: 12 bytes
        r.write(0xF0); // reserved '1111', min_spatial_segmentation_idc 0
        r.write(0x00);
        r.write(0xFC); // reserved '111111', parallelismType 0 (unknown)
        r.write(0xFC | parsed.chromaFormat());
        r.write(0xF8 | (parsed.bitDepthLuma() - 8));
        r.write(0xF8 | (parsed.bitDepthChroma() - 8));
        r.write(0); // avgFrameRate 0: unspecified
        r.write(0);
        // constantFrameRate 0, numTemporalLayers, temporalIdNested, lengthSizeMinusOne 3
        r.write(((parsed.maxSubLayersMinus1() + 1) & 0x07) << 3 | (parsed.temporalIdNested() ? 0x04 : 0) | 0x03);
        r.write(3); // numOfArrays
        for (byte[] nal : new byte[][] {vps, sps, pps}) {
            r.write(0x80 | ((nal[0] >> 1) & 0x3F)); // array_completeness 1, NAL_unit_type
            r.write(0);
            r.write(1); // numNalus
            writeNal(r, nal);
        }
        return r.toByteArray();
    }

    private static void writeNal(ByteArrayOutputStream out, byte[] nal) {
        out.write(nal.length >>> 8);
        out.write(nal.length);
        out.writeBytes(nal);
    }
}
