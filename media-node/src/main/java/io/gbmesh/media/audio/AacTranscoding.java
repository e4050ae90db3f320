package io.gbmesh.media.audio;

import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream as browsers take it: video (H.264, H.265) and AAC audio passed on untouched, G.711
 * A-law and mu-law decoded and encoded to AAC-LC ({@link AacEncoder}, 8 kHz mono), once for every
 * viewer that asked for it. The AAC frames are timed on the G.711's clock: the 90 kHz PTS of the first
 * G.711 frame plus the samples since, moved by the jump when the device's audio clock jumps (more
 * than a second off what the samples counted say). The encoder is made at the first G.711 frame and
 * freed when the sink is closed; when it cannot be made (no native FFmpeg) the audio is left out,
 * counted and said once, and the video still goes on.
 *
 * <p>Not thread-safe: on the stream's thread, as every sink.
 */
public final class AacTranscoding implements StreamSink {

    private static final Logger log = LoggerFactory.getLogger(AacTranscoding.class);
    private static final long WRAP_33 = 1L << 33;
    private static final long CLOCK = 90_000;
    /** A step of the device's audio clock this far from the samples counted is a jump, followed. */
    private static final long JUMP = CLOCK;

    private final StreamSink downstream;
    private final AacEncoder.Out out = this::encoded;
    private AacEncoder encoder;
    private boolean unavailable;
    /** The 90 kHz time of sample 0. */
    private long base = -1;
    private long framesIn;
    private long framesOut;
    private long dropped;

    public AacTranscoding(StreamSink downstream) {
        this.downstream = downstream;
    }

    @Override
    public void frame(MediaFrame frame) {
        Codec codec = frame.codec();
        if (codec != Codec.G711A && codec != Codec.G711U) {
            if (frame.isVideo() || codec == Codec.AAC) {
                downstream.frame(frame);
            }
            return;
        }
        if (encoder == null && !open()) {
            dropped++;
            return;
        }
        framesIn++;
        place(frame.pts() >= 0 ? frame.pts() : frame.dts());
        boolean aLaw = codec == Codec.G711A;
        for (byte b : frame.data()) {
            encoder.sample(G711.linear(aLaw, b), out);
        }
    }

    private boolean open() {
        if (unavailable) {
            return false;
        }
        try {
            encoder = new AacEncoder();
            return true;
        } catch (RuntimeException | LinkageError e) {
            unavailable = true;
            log.warn("G.711 cannot be transcoded to AAC here, viewers that asked for AAC get the video only: {}",
                    String.valueOf(e));
            return false;
        }
    }

    /** Sets or moves the time of sample 0 so that the frame's first sample lands at its PTS. */
    private void place(long pts) {
        if (pts < 0) {
            return;
        }
        long expected = base + encoder.samplesIn() * CLOCK / AacEncoder.RATE;
        if (base < 0) {
            base = pts;
            return;
        }
        long off = ((pts - expected) % WRAP_33 + WRAP_33 + WRAP_33 / 2) % WRAP_33 - WRAP_33 / 2;
        if (Math.abs(off) > JUMP) {
            base = ((base + off) % WRAP_33 + WRAP_33) % WRAP_33;
        }
    }

    private void encoded(byte[] adts, long ptsSamples) {
        long pts = ((base + ptsSamples * CLOCK / AacEncoder.RATE) % WRAP_33 + WRAP_33) % WRAP_33;
        framesOut++;
        downstream.frame(MediaFrame.of(Codec.AAC, 0xC0, pts, pts, true, adts));
    }

    /** G.711 frames taken in. */
    public long framesIn() {
        return framesIn;
    }

    /** AAC frames given out. */
    public long framesOut() {
        return framesOut;
    }

    /** G.711 frames left out because no encoder could be made. */
    public long dropped() {
        return dropped;
    }

    @Override
    public boolean holdsStream() {
        return downstream.holdsStream();
    }

    @Override
    public void close() {
        if (encoder != null) {
            encoder.close();
            encoder = null;
        }
        downstream.close();
    }
}
