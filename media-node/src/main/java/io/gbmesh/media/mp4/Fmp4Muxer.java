package io.gbmesh.media.mp4;

import io.gbmesh.media.mux.LengthPrefixed;
import io.gbmesh.media.mux.VideoConfig;
import io.gbmesh.media.viewer.SegmentMuxer;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;

/**
 * Muxes H.264 and H.265 frames into fragmented MP4 (ISO/IEC 14496-12 §8.8) for a live viewer: an
 * initialization segment ({@code ftyp} and a {@code moov} with one video track whose sample entry is
 * {@code avc1}/{@code avcC} or {@code hvc1}/{@code hvcC}, ISO/IEC 14496-15 §5.4, §8.4), then one
 * {@code moof}+{@code mdat} fragment per frame, so that a viewer waits for no more than a frame.
 * Output starts at the first key frame whose parameter sets can be read; a new initialization
 * segment is made when they change.
 *
 * <p>The track's clock is the 90 kHz of the PES: the fragment's decode time ({@code tfdt}) is the
 * frame's DTS since the first frame, the 33-bit wrap followed; its duration is the step from the
 * previous frame (a live muxer does not know the next); PTS − DTS is the composition offset. Not
 * thread-safe: one instance per stream.
 */
public final class Fmp4Muxer implements SegmentMuxer {

    static final int TIMESCALE = 90_000;
    private static final long WRAP_33 = 1L << 33;
    private static final long DEFAULT_DURATION = TIMESCALE / 25;
    private static final int TRACK_ID = 1;
    /** sample_depends_on 2 (an I picture); and 1 with sample_is_non_sync_sample (§8.8.3.1). */
    private static final int FLAGS_SYNC = 0x02000000;
    private static final int FLAGS_NON_SYNC = 0x01010000;

    private VideoConfig config;
    private long sequence;
    private long lastRawDts = -1;
    private long decodeTime;
    private long lastDuration = DEFAULT_DURATION;

    @Override
    public byte[] viewerHeader() {
        return new byte[0];
    }

    @Override
    public boolean frame(MediaFrame frame, Out out) {
        if (frame.codec() != Codec.H264 && frame.codec() != Codec.H265) {
            return false;
        }
        if (frame.keyFrame() && (config == null || config.differsFrom(frame))) {
            VideoConfig next = VideoConfig.of(frame);
            if (next != null) {
                config = next;
                out.segment(initSegment(next), false, true);
            }
        }
        if (config == null || frame.codec() != config.codec()) {
            return false;
        }
        advance(frame);
        out.segment(fragment(frame), frame.keyFrame(), false);
        return true;
    }

    /** The decode time of this frame, from the step since the previous DTS (wrap and odd steps followed). */
    private void advance(MediaFrame frame) {
        long raw = frame.dts() >= 0 ? frame.dts() : frame.pts();
        if (lastRawDts < 0) {
            lastRawDts = raw;
            return;
        }
        long step = raw < 0 ? lastDuration : (raw - lastRawDts + WRAP_33) % WRAP_33;
        if (step == 0 || step > 10L * TIMESCALE) {
            // a frame without a clock of its own, or the device's clock jumped: one frame on
            step = lastDuration;
        }
        if (raw >= 0) {
            lastRawDts = raw;
        }
        lastDuration = step;
        decodeTime += step;
    }

    /** {@code ftyp} and {@code moov}: what a viewer's decoder is set up with. */
    static byte[] initSegment(VideoConfig c) {
        BoxWriter w = new BoxWriter(1024 + c.record().length);
        w.open("ftyp").ascii("iso5").u32(512).ascii("iso5").ascii("iso6").ascii("mp41").close();
        w.open("moov");
        w.openFull("mvhd", 0, 0).u32(0).u32(0).u32(1000).u32(0).u32(0x00010000).u16(0x0100).zeros(10).matrix()
                .zeros(24).u32(TRACK_ID + 1).close();
        w.open("trak");
        w.openFull("tkhd", 0, 3).u32(0).u32(0).u32(TRACK_ID).u32(0).u32(0).zeros(8).u16(0).u16(0).u16(0).u16(0)
                .matrix().u32((long) c.width() << 16).u32((long) c.height() << 16).close();
        w.open("mdia");
        w.openFull("mdhd", 0, 0).u32(0).u32(0).u32(TIMESCALE).u32(0).u16(0x55C4).u16(0).close(); // language "und"
        w.openFull("hdlr", 0, 0).u32(0).ascii("vide").zeros(12).ascii("VideoHandler").u8(0).close();
        w.open("minf");
        w.openFull("vmhd", 0, 1).u16(0).zeros(6).close();
        w.open("dinf").openFull("dref", 0, 0).u32(1).openFull("url ", 0, 1).close().close().close();
        w.open("stbl");
        w.openFull("stsd", 0, 0).u32(1);
        w.open(c.codec() == Codec.H265 ? "hvc1" : "avc1").zeros(6).u16(1) // data_reference_index
                .zeros(16).u16(c.width()).u16(c.height()).u32(0x00480000).u32(0x00480000).u32(0).u16(1)
                .zeros(32).u16(0x0018).u16(0xFFFF);
        w.open(c.codec() == Codec.H265 ? "hvcC" : "avcC").bytes(c.record()).close();
        w.close().close(); // sample entry, stsd
        w.openFull("stts", 0, 0).u32(0).close();
        w.openFull("stsc", 0, 0).u32(0).close();
        w.openFull("stsz", 0, 0).u32(0).u32(0).close();
        w.openFull("stco", 0, 0).u32(0).close();
        w.close().close().close().close(); // stbl, minf, mdia, trak
        w.open("mvex").openFull("trex", 0, 0).u32(TRACK_ID).u32(1).u32(0).u32(0).u32(0).close().close();
        w.close(); // moov
        return w.toByteArray();
    }

    /** One frame as {@code moof} (its one sample's time, size, flags and offset) and {@code mdat}. */
    private byte[] fragment(MediaFrame frame) {
        int[] nals = LengthPrefixed.nalUnits(config.codec(), frame.data());
        int size = LengthPrefixed.size(nals);
        int cto = frame.pts() >= 0 && frame.dts() >= 0
                ? (int) (((frame.pts() - frame.dts() + WRAP_33 + WRAP_33 / 2) % WRAP_33) - WRAP_33 / 2) : 0;
        BoxWriter w = new BoxWriter(128 + size);
        w.open("moof");
        w.openFull("mfhd", 0, 0).u32(++sequence).close();
        w.open("traf");
        w.openFull("tfhd", 0, 0x020000).u32(TRACK_ID).close(); // default-base-is-moof
        w.openFull("tfdt", 1, 0).u64(decodeTime).close();
        // data-offset, sample duration, size, flags and composition time offset present
        w.openFull("trun", 1, 0x000F01).u32(1);
        int dataOffsetAt = w.position();
        w.u32(0).u32(lastDuration).u32(size).u32(frame.keyFrame() ? FLAGS_SYNC : FLAGS_NON_SYNC).u32(cto & 0xFFFFFFFFL);
        w.close().close().close(); // trun, traf, moof
        w.patch32(dataOffsetAt, w.position() + 8L);
        w.open("mdat");
        byte[] buf = w.reserve(size);
        w.skip(LengthPrefixed.write(frame.data(), nals, buf, w.position()) - w.position());
        w.close();
        return w.toByteArray();
    }
}
