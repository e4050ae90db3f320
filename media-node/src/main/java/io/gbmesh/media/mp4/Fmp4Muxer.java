package io.gbmesh.media.mp4;

import io.gbmesh.media.mux.Adts;
import io.gbmesh.media.mux.AudioConfig;
import io.gbmesh.media.mux.LengthPrefixed;
import io.gbmesh.media.mux.VideoConfig;
import io.gbmesh.media.viewer.SegmentMuxer;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;

import java.util.ArrayList;
import java.util.List;

/**
 * Muxes H.264 or H.265 video, and G.711 or AAC audio, into fragmented MP4 (ISO/IEC 14496-12 §8.8)
 * for a live viewer: an initialization segment ({@link Mp4Init}), then one {@code moof}+{@code mdat}
 * fragment per frame, so that a viewer waits for no more than a frame. Output starts at the first key
 * frame whose parameter sets can be read; a new initialization segment is made when they change.
 * The tracks are fixed by the initialization segment, so the first one waits for the stream's audio
 * for up to {@link #AUDIO_WAIT} of video (holding those frames); audio first seen later is left out.
 *
 * <p>The video track's clock is the 90 kHz of the PES: a fragment's decode time ({@code tfdt}) is the
 * frame's DTS since the first frame, the 33-bit wrap followed; its duration is the step from the
 * previous frame (a live muxer does not know the next); PTS − DTS is the composition offset. The
 * audio track counts samples at the audio's rate, placed by its PTS against the video's clock. Not
 * thread-safe: one instance per stream.
 */
public final class Fmp4Muxer implements SegmentMuxer {

    static final int TIMESCALE = 90_000;
    /** How long (of video, 90 kHz) the first initialization segment waits for audio. */
    static final long AUDIO_WAIT = TIMESCALE / 2;
    private static final long WRAP_33 = 1L << 33;
    private static final long DEFAULT_DURATION = TIMESCALE / 25;
    /** sample_depends_on 2 (an I picture); and 1 with sample_is_non_sync_sample (§8.8.3.1). */
    private static final int FLAGS_SYNC = 0x02000000;
    private static final int FLAGS_NON_SYNC = 0x01010000;

    private VideoConfig video;
    private AudioConfig audio;
    /** Whether an initialization segment for the current configuration went out, and with audio. */
    private boolean initialized;
    private boolean audioTrack;
    private final List<MediaFrame> held = new ArrayList<>();
    private long sequence;
    private long lastRawDts = -1;
    private long decodeTime;
    private long lastDuration = DEFAULT_DURATION;
    private long audioNext;

    @Override
    public byte[] viewerHeader() {
        return new byte[0];
    }

    @Override
    public boolean frame(MediaFrame frame, Out out) {
        if (frame.codec() == Codec.H264 || frame.codec() == Codec.H265) {
            return videoFrame(frame, out);
        }
        if (frame.isVideo()) {
            return false;
        }
        return audioFrame(frame, out);
    }

    private boolean videoFrame(MediaFrame frame, Out out) {
        if (frame.keyFrame() && (video == null || video.differsFrom(frame))) {
            VideoConfig next = VideoConfig.of(frame);
            if (next != null) {
                video = next;
                initialized = false;
                held.clear();
            }
        }
        if (video == null || frame.codec() != video.codec()) {
            return false;
        }
        if (!initialized) {
            if (audio == null && !audioTrack) {
                held.add(frame);
                long first = rawDts(held.get(0));
                long now = rawDts(frame);
                if (first >= 0 && now >= 0 && (now - first + WRAP_33) % WRAP_33 < AUDIO_WAIT) {
                    return true;
                }
                // no audio in time: a video-only stream
                initialize(null, out);
                return true;
            }
            initialize(audio, out);
        }
        videoFragment(frame, out);
        return true;
    }

    private boolean audioFrame(MediaFrame frame, Out out) {
        AudioConfig config = AudioConfig.of(frame);
        if (config == null) {
            return false;
        }
        if (!initialized) {
            audio = config;
            if (held.isEmpty()) {
                return false; // before the first key frame: only its configuration is kept
            }
            initialize(config, out);
        } else if (!audioTrack || !config.sameAs(audio)) {
            return false;
        }
        audioFragment(frame, out);
        return true;
    }

    /** The initialization segment, then the video frames held while waiting for audio. */
    private void initialize(AudioConfig withAudio, Out out) {
        audioTrack = withAudio != null;
        initialized = true;
        out.segment(Mp4Init.build(video, withAudio), false, true);
        List<MediaFrame> waiting = new ArrayList<>(held);
        held.clear();
        waiting.forEach(f -> videoFragment(f, out));
    }

    private static long rawDts(MediaFrame frame) {
        return frame.dts() >= 0 ? frame.dts() : frame.pts();
    }

    /** The decode time of this frame, from the step since the previous DTS (wrap and odd steps followed). */
    private void advance(MediaFrame frame) {
        long raw = rawDts(frame);
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

    private void videoFragment(MediaFrame frame, Out out) {
        advance(frame);
        int[] nals = LengthPrefixed.nalUnits(video.codec(), frame.data());
        int size = LengthPrefixed.size(nals);
        int cto = frame.pts() >= 0 && frame.dts() >= 0
                ? (int) (((frame.pts() - frame.dts() + WRAP_33 + WRAP_33 / 2) % WRAP_33) - WRAP_33 / 2) : 0;
        BoxWriter w = new BoxWriter(128 + size);
        int dataOffsetAt = trafStart(w, Mp4Init.VIDEO_TRACK, decodeTime, 1, 0x000F01);
        w.u32(lastDuration).u32(size).u32(frame.keyFrame() ? FLAGS_SYNC : FLAGS_NON_SYNC).u32(cto & 0xFFFFFFFFL);
        w.close().close().close(); // trun, traf, moof
        w.patch32(dataOffsetAt, w.position() + 8L);
        w.open("mdat");
        byte[] buf = w.reserve(size);
        w.skip(LengthPrefixed.write(frame.data(), nals, buf, w.position()) - w.position());
        w.close();
        out.segment(w.toByteArray(), frame.keyFrame(), false);
    }

    /** One audio PES: a sample for G.711, one per raw frame for AAC, at its PTS on the video's clock. */
    private void audioFragment(MediaFrame frame, Out out) {
        byte[] data = frame.data();
        int[] samples = audio.codec() == Codec.AAC ? Adts.rawFrames(data) : new int[] {0, data.length};
        if (samples.length == 0) {
            return;
        }
        long at = audioNext;
        long raw = frame.pts() >= 0 ? frame.pts() : frame.dts();
        if (raw >= 0 && lastRawDts >= 0) {
            long delta = ((raw - lastRawDts + WRAP_33 + WRAP_33 / 2) % WRAP_33) - WRAP_33 / 2;
            long placed = (decodeTime + delta) * audio.sampleRate() / TIMESCALE;
            // keep the track's time going forward; a gap the device left stays a gap
            at = Math.max(audioNext, placed);
        }
        int total = 0;
        for (int i = 0; i < samples.length; i += 2) {
            total += samples[i + 1] - samples[i];
        }
        BoxWriter w = new BoxWriter(128 + total + samples.length * 8);
        int dataOffsetAt = trafStart(w, Mp4Init.AUDIO_TRACK, at, samples.length / 2, 0x000701);
        long duration = 0;
        for (int i = 0; i < samples.length; i += 2) {
            int size = samples[i + 1] - samples[i];
            int n = audio.samplesOf(size);
            duration += n;
            w.u32(n).u32(size).u32(FLAGS_SYNC);
        }
        w.close().close().close();
        w.patch32(dataOffsetAt, w.position() + 8L);
        w.open("mdat");
        for (int i = 0; i < samples.length; i += 2) {
            w.bytes(data, samples[i], samples[i + 1] - samples[i]);
        }
        w.close();
        audioNext = at + duration;
        out.segment(w.toByteArray(), false, false);
    }

    /**
     * The track of a fragment this muxer wrote ({@code moof} → {@code mfhd}, {@code traf} → {@code tfhd},
     * {@code tfdt} at their fixed places): {@link #VIDEO_TRACK} or the audio's, 0 when it is no such fragment.
     */
    public static int fragmentTrack(byte[] fragment) {
        if (fragment.length < 68 || fragment[4] != 'm' || fragment[5] != 'o' || fragment[6] != 'o' || fragment[7] != 'f') {
            return 0;
        }
        return java.nio.ByteBuffer.wrap(fragment, 44, 4).getInt();
    }

    /** The decode time ({@code tfdt}) of a fragment this muxer wrote, on its track's clock (90 kHz for video). */
    public static long fragmentDecodeTime(byte[] fragment) {
        return java.nio.ByteBuffer.wrap(fragment, 60, 8).getLong();
    }

    /** The video track's number, and its clock (Hz). */
    public static final int VIDEO_TRACK = Mp4Init.VIDEO_TRACK;
    public static final int VIDEO_TIMESCALE = TIMESCALE;

    /**
     * Opens {@code moof}, writes {@code mfhd}, {@code tfhd} (base is the moof), {@code tfdt} and the head of
     * {@code trun}, and returns where its data offset goes; the caller writes the samples and closes.
     */
    private int trafStart(BoxWriter w, int track, long baseDecodeTime, int sampleCount, int trunFlags) {
        w.open("moof");
        w.openFull("mfhd", 0, 0).u32(++sequence).close();
        w.open("traf");
        w.openFull("tfhd", 0, 0x020000).u32(track).close(); // default-base-is-moof
        w.openFull("tfdt", 1, 0).u64(baseDecodeTime).close();
        w.openFull("trun", (trunFlags & 0x800) != 0 ? 1 : 0, trunFlags).u32(sampleCount);
        int at = w.position();
        w.u32(0);
        return at;
    }
}
