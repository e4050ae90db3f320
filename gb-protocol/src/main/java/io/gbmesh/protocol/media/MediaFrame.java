package io.gbmesh.protocol.media;

import java.util.Objects;

/**
 * One access unit out of a demuxer: a whole video picture (Annex-B bytes exactly as carried in the
 * PES payloads, start codes included) or one audio PES payload.
 *
 * <p>Timestamps are on the 90 kHz MPEG clock, -1 when the stream did not carry them. For video key
 * frames the parameter sets found in the access unit are exposed as NAL units without start code
 * (header byte(s) included), ready for an SDP {@code sprop-parameter-sets} or an avcC/hvcC box.
 *
 * <p>The byte arrays are owned by the frame and must be treated as read-only; they are not copied
 * on access so that fan-out to many viewers costs nothing.
 */
public final class MediaFrame {

    private final Codec codec;
    private final int streamId;
    private final long pts;
    private final long dts;
    private final boolean keyFrame;
    private final byte[] data;
    private final byte[] vps;
    private final byte[] sps;
    private final byte[] pps;

    public MediaFrame(Codec codec, int streamId, long pts, long dts, boolean keyFrame, byte[] data,
                      byte[] vps, byte[] sps, byte[] pps) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.streamId = streamId;
        this.pts = pts;
        this.dts = dts;
        this.keyFrame = keyFrame;
        this.data = Objects.requireNonNull(data, "data");
        this.vps = vps;
        this.sps = sps;
        this.pps = pps;
    }

    /** A frame without parameter sets: audio, or a video frame whose caller analyses it later. */
    public static MediaFrame of(Codec codec, int streamId, long pts, long dts, boolean keyFrame, byte[] data) {
        return new MediaFrame(codec, streamId, pts, dts, keyFrame, data, null, null, null);
    }

    public Codec codec() {
        return codec;
    }

    /** The PES {@code stream_id} the frame came from (0xE0–0xEF video, 0xC0–0xDF audio), or -1. */
    public int streamId() {
        return streamId;
    }

    public boolean isVideo() {
        return codec.isVideo() || (streamId >= 0xE0 && streamId <= 0xEF);
    }

    /** Presentation time stamp, 90 kHz, or -1 when absent. */
    public long pts() {
        return pts;
    }

    /** Decoding time stamp, 90 kHz; equal to {@link #pts()} when the PES carried only a PTS; -1 when absent. */
    public long dts() {
        return dts;
    }

    /** H.264 IDR (NAL 5) or H.265 IRAP (NAL 16–21) present; for audio always true. */
    public boolean keyFrame() {
        return keyFrame;
    }

    /** The access unit bytes; do not modify. */
    public byte[] data() {
        return data;
    }

    public int size() {
        return data.length;
    }

    /** H.265 video parameter set (NAL 32) or null. */
    public byte[] vps() {
        return vps;
    }

    /** Sequence parameter set (H.264 NAL 7, H.265 NAL 33) or null. */
    public byte[] sps() {
        return sps;
    }

    /** Picture parameter set (H.264 NAL 8, H.265 NAL 34) or null. */
    public byte[] pps() {
        return pps;
    }

    @Override
    public String toString() {
        return "MediaFrame[" + codec + (keyFrame ? " key" : "") + " pts=" + pts + " dts=" + dts
                + " bytes=" + data.length + "]";
    }
}
