package io.gbmesh.media.stream;

import io.gbmesh.protocol.media.MediaFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * The sinks of one stream, as ZLMediaKit's MediaSource fans a stream out to its muxers: every frame
 * goes to each sink attached now. Sinks come and go while the stream runs. A sink attached
 * {@linkplain #attachFromKeyFrame from the last key frame} is first given the frames since that key
 * frame (the group of pictures, bounded in bytes), so a viewer format opened in the middle of the
 * stream starts with a picture it can decode at once. A sink that throws is detached and closed,
 * so one faulty consumer cannot end the stream for the others.
 *
 * <p>Not thread-safe: used on the stream's thread only.
 */
public final class StreamSinks implements StreamSink {

    /** Above this the group of pictures is no longer kept, and a late sink waits for the next key frame. */
    public static final int DEFAULT_GOP_BYTES = 4 * 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(StreamSinks.class);

    private final List<StreamSink> sinks = new ArrayList<>();
    private final List<MediaFrame> gop = new ArrayList<>();
    private final int gopLimit;
    private int gopBytes;
    /** True while the frames since the last video key frame are all in {@link #gop}. */
    private boolean gopWhole;
    private long failed;

    public StreamSinks() {
        this(DEFAULT_GOP_BYTES);
    }

    public StreamSinks(int gopLimit) {
        this.gopLimit = gopLimit;
    }

    /** Attaches a sink for the frames from now on. */
    public void attach(StreamSink sink) {
        sinks.add(sink);
    }

    /** Attaches a sink, first giving it the frames since the last key frame (when they are still held). */
    public void attachFromKeyFrame(StreamSink sink) {
        if (gopWhole) {
            for (MediaFrame f : gop) {
                sink.frame(f);
            }
        }
        sinks.add(sink);
    }

    /** Detaches and closes a sink; false when it was not attached. */
    public boolean detach(StreamSink sink) {
        if (!sinks.remove(sink)) {
            return false;
        }
        sink.close();
        return true;
    }

    @Override
    public void frame(MediaFrame frame) {
        keep(frame);
        for (int i = 0; i < sinks.size(); i++) {
            StreamSink sink = sinks.get(i);
            try {
                sink.frame(frame);
            } catch (RuntimeException e) {
                failed++;
                log.warn("a stream sink ({}) failed on {} and is detached: {}", sink.getClass().getSimpleName(), frame,
                        String.valueOf(e));
                sinks.remove(i--);
                sink.close();
            }
        }
    }

    private void keep(MediaFrame frame) {
        if (frame.isVideo() && frame.keyFrame()) {
            gop.clear();
            gopBytes = 0;
            gopWhole = true;
        }
        if (!gopWhole) {
            return;
        }
        gopBytes += frame.size();
        if (gopBytes > gopLimit) {
            gop.clear();
            gopWhole = false;
        } else {
            gop.add(frame);
        }
    }

    /** True when an attached sink keeps the stream open ({@link StreamSink#holdsStream}). */
    @Override
    public boolean holdsStream() {
        for (StreamSink s : sinks) {
            if (s.holdsStream()) {
                return true;
            }
        }
        return false;
    }

    /** The sinks attached now. */
    public List<StreamSink> attached() {
        return List.copyOf(sinks);
    }

    /** Sinks detached because they threw. */
    public long failed() {
        return failed;
    }

    /** The stream ended: every sink is closed and detached. */
    @Override
    public void close() {
        List<StreamSink> all = new ArrayList<>(sinks);
        sinks.clear();
        gop.clear();
        gopWhole = false;
        all.forEach(StreamSink::close);
    }
}
