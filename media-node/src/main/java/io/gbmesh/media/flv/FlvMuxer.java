package io.gbmesh.media.flv;

import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.media.mux.AudioConfig;
import io.gbmesh.media.mux.LengthPrefixed;
import io.gbmesh.media.mux.VideoConfig;
import io.gbmesh.media.viewer.SegmentMuxer;

import java.util.Arrays;

/**
 * Muxes H.264 and H.265 frames into FLV. H.264 as the Adobe FLV file format specification v10.1,
 * annex E, says: an AVC sequence
 * header (AVCDecoderConfigurationRecord, ISO/IEC 14496-15 §5.2.4.1) built from the SPS/PPS of the
 * key frames, then one video tag per frame with the Annex-B NAL units rewritten with 4-byte length
 * prefixes. Parameter sets and access unit delimiters are left out of the frame tags since the
 * sequence header carries them. Output starts at the first key frame that has its SPS and PPS; a new
 * sequence header is sent whenever they change.
 *
 * <p>Tag timestamps are milliseconds from the first frame muxed: the DTS (90 kHz, 33 bits, wrap
 * followed), with the PTS − DTS offset as composition time. Frames without a timestamp reuse the
 * previous one. H.265 as Enhanced RTMP/FLV (veovera enhanced-rtmp v1, which mpegts.js and FFmpeg 6.1
 * and later read) says: an extended video tag header with the FourCC {@code hvc1}, a SequenceStart
 * packet carrying the HEVCDecoderConfigurationRecord, then CodedFrames packets with their composition
 * time. Audio ({@link FlvAudio}: G.711 A-law and mu-law, AAC) from the first video key frame on,
 * on the video's clock. Other codecs are ignored.
 *
 * <p>Each tag comes with its trailing PreviousTagSize, so tags can be concatenated after
 * {@link #header()} as they come. Not thread-safe: one instance per stream.
 */
public final class FlvMuxer implements SegmentMuxer {

    public static final int TAG_VIDEO = 9;
    private static final int CODEC_AVC = 7;
    /** Enhanced RTMP: IsExHeader, the top bit of the first byte of the video tag data. */
    private static final int EX_HEADER = 0x80;
    private static final int PACKET_SEQUENCE_START = 0;
    private static final int PACKET_CODED_FRAMES = 1;
    private static final byte[] FOURCC_HEVC = {'h', 'v', 'c', '1'};
    private static final int FRAME_KEY = 1;
    private static final int FRAME_INTER = 2;
    private static final long WRAP_33 = 1L << 33;

    private byte[] sps;
    private byte[] pps;
    private VideoConfig hevc;
    /** The video's sequence header tag, and the audio's (AAC): what a viewer is set up with. */
    private byte[] videoSetUp;
    private byte[] audioSetUp;
    private AudioConfig audio;
    private boolean started;
    private long firstDts;
    private long lastRawDts = -1;
    private long unwrappedDts;
    private long lastTimestampMs;

    /** The FLV file header (video only) followed by PreviousTagSize0. */
    public static byte[] header() {
        return new byte[] {'F', 'L', 'V', 1, 0x01, 0, 0, 0, 9, 0, 0, 0, 0};
    }

    /** The FLV file header, with the audio flag once the stream has shown audio. */
    @Override
    public byte[] viewerHeader() {
        byte[] h = header();
        if (audio != null) {
            h[4] = 0x05;
        }
        return h;
    }

    /** The set-up a viewer needs: the video's sequence header, then the audio's when it has one. */
    private byte[] setUp() {
        if (audioSetUp == null) {
            return videoSetUp;
        }
        byte[] both = Arrays.copyOf(videoSetUp, videoSetUp.length + audioSetUp.length);
        System.arraycopy(audioSetUp, 0, both, videoSetUp.length, audioSetUp.length);
        return both;
    }

    /** Muxes one frame; returns false when it was not muxed (not H.264, or no key frame seen yet). */
    @Override
    public boolean frame(MediaFrame frame, Out out) {
        if (frame.codec() == Codec.H265) {
            return hevcFrame(frame, out);
        }
        if (!frame.isVideo()) {
            return audioFrame(frame, out);
        }
        if (frame.codec() != Codec.H264) {
            return false;
        }
        boolean key = frame.keyFrame();
        if (key && usable(frame.sps(), 4) && usable(frame.pps(), 1)
                && (!Arrays.equals(frame.sps(), sps) || !Arrays.equals(frame.pps(), pps))) {
            sps = frame.sps();
            pps = frame.pps();
            if (!started) {
                started = true;
                firstDts = dtsOf(frame);
            }
            videoSetUp = sequenceHeader(sps, pps, timestampOf(frame));
            out.segment(setUp(), false, true);
        }
        if (!started) {
            return false;
        }
        long ts = timestampOf(frame);
        int cts = frame.pts() >= 0 && frame.dts() >= 0 ? (int) (((frame.pts() - frame.dts() + WRAP_33) % WRAP_33) / 90) : 0;
        out.segment(videoTag(frame.data(), key, ts, cts), key, false);
        return true;
    }

    private boolean hevcFrame(MediaFrame frame, Out out) {
        boolean key = frame.keyFrame();
        if (key && (hevc == null || hevc.differsFrom(frame))) {
            VideoConfig config = VideoConfig.of(frame);
            if (config != null) {
                hevc = config;
                if (!started) {
                    started = true;
                    firstDts = dtsOf(frame);
                }
                byte[] record = config.record();
                videoSetUp = exTag(FRAME_KEY, PACKET_SEQUENCE_START, 0, timestampOf(frame), record, record.length, null);
                out.segment(setUp(), false, true);
            }
        }
        if (!started || hevc == null) {
            return false;
        }
        long ts = timestampOf(frame);
        int[] nals = LengthPrefixed.nalUnits(Codec.H265, frame.data());
        out.segment(exTag(key ? FRAME_KEY : FRAME_INTER, PACKET_CODED_FRAMES, compositionMs(frame), ts, frame.data(),
                LengthPrefixed.size(nals), nals), key, false);
        return true;
    }

    /**
     * Audio from the first video key frame on (the tags' clock starts at the video): G.711 and AAC;
     * a new AAC configuration is a new set-up.
     */
    private boolean audioFrame(MediaFrame frame, Out out) {
        if (!started) {
            return false;
        }
        AudioConfig config = AudioConfig.of(frame);
        if (config == null) {
            return false;
        }
        long ts = audioTimestampOf(frame);
        if (!config.sameAs(audio)) {
            audio = config;
            audioSetUp = FlvAudio.sequenceHeader(config, ts);
            if (audioSetUp != null) {
                out.segment(setUp(), false, true);
            }
        }
        FlvAudio.tags(config, frame.data(), ts, tag -> out.segment(tag, false, false));
        return true;
    }

    /** An audio frame's milliseconds on the video's timeline: its PTS against the last video DTS. */
    private long audioTimestampOf(MediaFrame frame) {
        long raw = frame.pts() >= 0 ? frame.pts() : frame.dts();
        if (raw < 0 || lastRawDts < 0) {
            return lastTimestampMs;
        }
        long delta = ((raw - lastRawDts + WRAP_33 + WRAP_33 / 2) % WRAP_33) - WRAP_33 / 2;
        return Math.max(0, (unwrappedDts + delta - firstDts) / 90);
    }

    private static int compositionMs(MediaFrame frame) {
        return frame.pts() >= 0 && frame.dts() >= 0 ? (int) (((frame.pts() - frame.dts() + WRAP_33) % WRAP_33) / 90) : 0;
    }

    /**
     * An Enhanced RTMP video tag: the 11-byte tag header, IsExHeader with frame and packet type, the
     * FourCC, for coded frames the SI24 composition time, then the body (the record as is when
     * {@code nals} is null, else the listed NAL units length-prefixed), and PreviousTagSize.
     */
    private static byte[] exTag(int frameType, int packetType, int compositionMs, long timestampMs, byte[] src,
                                int bodyLength, int[] nals) {
        int head = 5 + (packetType == PACKET_CODED_FRAMES ? 3 : 0);
        int dataSize = head + bodyLength;
        byte[] t = new byte[11 + dataSize + 4];
        t[0] = TAG_VIDEO;
        put24(t, 1, dataSize);
        put24(t, 4, (int) timestampMs);
        t[7] = (byte) (timestampMs >>> 24);
        t[11] = (byte) (EX_HEADER | frameType << 4 | packetType);
        System.arraycopy(FOURCC_HEVC, 0, t, 12, 4);
        int p = 16;
        if (packetType == PACKET_CODED_FRAMES) {
            put24(t, 16, compositionMs);
            p = 19;
        }
        if (nals == null) {
            System.arraycopy(src, 0, t, p, bodyLength);
            p += bodyLength;
        } else {
            p = LengthPrefixed.write(src, nals, t, p);
        }
        int previousTagSize = 11 + dataSize;
        t[p] = (byte) (previousTagSize >>> 24);
        t[p + 1] = (byte) (previousTagSize >>> 16);
        t[p + 2] = (byte) (previousTagSize >>> 8);
        t[p + 3] = (byte) previousTagSize;
        return t;
    }

    /**
     * A parameter set the sequence header can carry: the record copies profile, compatibility and
     * level from SPS bytes 1 to 3, and writes each set's length in 16 bits (ISO/IEC 14496-15 §5.2.4.1).
     * A shorter or longer one, which only a damaged stream has, is as good as none.
     */
    private static boolean usable(byte[] parameterSet, int minLength) {
        return parameterSet != null && parameterSet.length >= minLength && parameterSet.length <= 0xFFFF;
    }

    private static long dtsOf(MediaFrame frame) {
        return frame.dts() >= 0 ? frame.dts() : frame.pts();
    }

    /** Milliseconds since the first frame, following the 33-bit wrap of the 90 kHz clock. */
    private long timestampOf(MediaFrame frame) {
        long raw = dtsOf(frame);
        if (raw < 0) {
            return lastTimestampMs;
        }
        if (lastRawDts < 0) {
            unwrappedDts = raw;
        } else if (raw != lastRawDts) {
            long delta = (raw - lastRawDts + WRAP_33) % WRAP_33;
            // A step back (B-frame order, or a device restarting its clock) shows as a huge delta.
            unwrappedDts += delta < WRAP_33 / 2 ? delta : delta - WRAP_33;
        }
        lastRawDts = raw;
        lastTimestampMs = Math.max(0, (unwrappedDts - firstDts) / 90);
        return lastTimestampMs;
    }

    /** The AVC sequence header tag for these parameter sets (NAL units with header byte, no start code). */
    public static byte[] sequenceHeader(byte[] sps, byte[] pps, long timestampMs) {
        byte[] body = VideoConfig.avcC(sps, pps);
        return tag(FRAME_KEY, 0, 0, timestampMs, body, body.length, new int[0]);
    }

    /** A video tag for one Annex-B access unit. */
    public static byte[] videoTag(byte[] annexB, boolean key, long timestampMs, int compositionMs) {
        // NAL units as [start, end) pairs, parameter sets and delimiters left out
        int[] nals = LengthPrefixed.nalUnits(Codec.H264, annexB);
        return tag(key ? FRAME_KEY : FRAME_INTER, 1, compositionMs, timestampMs, annexB, LengthPrefixed.size(nals), nals);
    }

    /**
     * Writes a video tag: 11-byte tag header, the 5-byte AVC video header, the body (the record as is
     * when {@code nals} is empty, else the listed NAL units with length prefixes) and PreviousTagSize.
     */
    private static byte[] tag(int frameType, int avcPacketType, int compositionMs, long timestampMs, byte[] src,
                              int bodyLength, int[] nals) {
        int dataSize = 5 + bodyLength;
        byte[] t = new byte[11 + dataSize + 4];
        t[0] = TAG_VIDEO;
        put24(t, 1, dataSize);
        put24(t, 4, (int) timestampMs);
        t[7] = (byte) (timestampMs >>> 24); // TimestampExtended
        // StreamID 0 in t[8..10]
        t[11] = (byte) ((frameType << 4) | CODEC_AVC);
        t[12] = (byte) avcPacketType;
        put24(t, 13, compositionMs);
        int p = 16;
        if (nals.length == 0) {
            System.arraycopy(src, 0, t, p, bodyLength);
            p += bodyLength;
        } else {
            for (int i = 0; i < nals.length; i += 2) {
                int len = nals[i + 1] - nals[i];
                t[p] = (byte) (len >>> 24);
                t[p + 1] = (byte) (len >>> 16);
                t[p + 2] = (byte) (len >>> 8);
                t[p + 3] = (byte) len;
                System.arraycopy(src, nals[i], t, p + 4, len);
                p += 4 + len;
            }
        }
        int previousTagSize = 11 + dataSize;
        t[p] = (byte) (previousTagSize >>> 24);
        t[p + 1] = (byte) (previousTagSize >>> 16);
        t[p + 2] = (byte) (previousTagSize >>> 8);
        t[p + 3] = (byte) previousTagSize;
        return t;
    }

    private static void put24(byte[] b, int i, int v) {
        b[i] = (byte) (v >>> 16);
        b[i + 1] = (byte) (v >>> 8);
        b[i + 2] = (byte) v;
    }
}
