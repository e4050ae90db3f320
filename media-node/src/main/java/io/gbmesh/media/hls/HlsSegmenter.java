package io.gbmesh.media.hls;

import io.gbmesh.media.mp4.Fmp4Muxer;
import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.protocol.media.MediaFrame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * One stream as HLS with fragmented MP4 segments (RFC 8216 §3.3, §4.3.2.5): the {@link Fmp4Muxer}'s
 * initialization segment is the {@code EXT-X-MAP}, and its fragments (one a frame) are gathered into
 * media segments cut at a video key frame once the segment holds {@link #TARGET_MILLIS} of video
 * ({@code EXTINF} from the fragments' decode times), nothing transcoded. The last
 * {@link #WINDOW} segments are kept and listed; a new initialization segment (the parameter sets
 * changed) ends the segment and starts the next behind an {@code EXT-X-DISCONTINUITY} with its own map.
 *
 * <p>The stream's thread feeds it; HTTP requests read it from theirs, so the segments and the
 * playlist are read and written under its lock. A request that comes before the first segment is
 * ready waits for it ({@link #whenReady}). It counts as read while a request came within its idle
 * time; past it, it no longer holds the stream ({@link #holdsStream}) and is detached. Viewers are
 * the clients (address and user agent) that read it within the idle time.
 */
public final class HlsSegmenter implements StreamSink {

    /** The media segments' aimed length. */
    public static final long TARGET_MILLIS = 1000;
    /** A segment is cut at the first key frame once it holds this much video (a little short of the target). */
    private static final long CUT_TICKS = TARGET_MILLIS * 90 * 9 / 10;
    /** Segments listed in the playlist (and kept). */
    public static final int WINDOW = 6;
    /** How long HLS is made for a stream nobody reads. */
    public static final long DEFAULT_IDLE_MILLIS = 10_000;

    /** A finished media segment: its sequence number, initialization segment, length and bytes. */
    public record Segment(long sequence, int init, double seconds, byte[] bytes, boolean discontinuity) {
    }

    private final Fmp4Muxer muxer = new Fmp4Muxer();
    private final Fmp4Muxer.Out out = this::fragment;
    private final long idleMillis;
    private final LongSupplier clock;
    private final Deque<Segment> segments = new ArrayDeque<>();
    private final Map<Integer, byte[]> inits = new HashMap<>();
    private final Map<String, Long> readers = new HashMap<>();
    private final List<Runnable> waiting = new ArrayList<>();
    private int init = -1;
    private boolean discontinuity;
    /** The segment being filled: its bytes, its first video decode time, and whether it started at a key frame. */
    private ByteArrayOutputStream current;
    private long currentStart = -1;
    private long lastVideoTime = -1;
    private long nextSequence;
    private long maxTargetSeconds = 1;
    private volatile long lastReadAt;
    private volatile boolean closed;

    public HlsSegmenter(long idleMillis, LongSupplier clockMillis) {
        this.idleMillis = idleMillis;
        this.clock = clockMillis;
        this.lastReadAt = clockMillis.getAsLong();
    }

    @Override
    public void frame(MediaFrame frame) {
        muxer.frame(frame, out);
    }

    private void fragment(byte[] bytes, boolean keyFrame, boolean setUp) {
        List<Runnable> ready = null;
        synchronized (this) {
            if (setUp) {
                ready = finish(lastVideoTime);
                init++;
                inits.put(init, bytes);
                discontinuity = init > 0;
            } else {
                boolean video = Fmp4Muxer.fragmentTrack(bytes) == Fmp4Muxer.VIDEO_TRACK;
                if (video) {
                    long t = Fmp4Muxer.fragmentDecodeTime(bytes);
                    if (keyFrame && (current == null || t - currentStart >= CUT_TICKS)) {
                        ready = finish(t);
                        current = new ByteArrayOutputStream(64 * 1024);
                        currentStart = t;
                    }
                    lastVideoTime = t;
                }
                if (current != null) {
                    current.writeBytes(bytes);
                }
            }
        }
        if (ready != null) {
            ready.forEach(Runnable::run);
        }
    }

    /** Ends the segment being filled at {@code end} (video decode time); returns the waiters to tell. */
    private List<Runnable> finish(long end) {
        if (current == null || init < 0) {
            current = null;
            return null;
        }
        double seconds = Math.max(0, end - currentStart) / (double) Fmp4Muxer.VIDEO_TIMESCALE;
        segments.addLast(new Segment(nextSequence++, init, seconds, current.toByteArray(), discontinuity));
        discontinuity = false;
        current = null;
        maxTargetSeconds = Math.max(maxTargetSeconds, (long) Math.ceil(seconds - 0.0005));
        while (segments.size() > WINDOW) {
            segments.removeFirst();
        }
        inits.keySet().removeIf(i -> i < segments.peekFirst().init() && i != init);
        if (waiting.isEmpty()) {
            return null;
        }
        List<Runnable> ready = new ArrayList<>(waiting);
        waiting.clear();
        return ready;
    }

    /**
     * Runs {@code task} once a segment is ready: now (on the caller's thread) when one is, else on the
     * stream's thread when the first one is finished (or never, if the stream ends first).
     */
    public void whenReady(Runnable task) {
        synchronized (this) {
            if (segments.isEmpty() && !closed) {
                waiting.add(task);
                return;
            }
        }
        task.run();
    }

    /**
     * The media playlist (RFC 8216 §4.3.3), every URI followed by {@code query} (the viewer's token);
     * no segment yet makes a playlist without segments, which players reload.
     */
    public synchronized String playlist(String query) {
        StringBuilder m = new StringBuilder(512);
        m.append("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        m.append("#EXT-X-TARGETDURATION:").append(maxTargetSeconds).append('\n');
        m.append("#EXT-X-MEDIA-SEQUENCE:").append(segments.isEmpty() ? nextSequence : segments.peekFirst().sequence())
                .append('\n');
        int map = -1;
        for (Segment s : segments) {
            if (s.discontinuity() && map >= 0) {
                m.append("#EXT-X-DISCONTINUITY\n");
            }
            if (s.init() != map) {
                map = s.init();
                m.append("#EXT-X-MAP:URI=\"init-").append(map).append(".mp4").append(query).append("\"\n");
            }
            m.append("#EXTINF:").append(String.format(Locale.ROOT, "%.3f", s.seconds())).append(",\n");
            m.append("seg-").append(s.sequence()).append(".m4s").append(query).append('\n');
        }
        return m.toString();
    }

    /** A listed media segment's bytes, or null when it is not (or no longer) kept. */
    public synchronized byte[] segment(long sequence) {
        for (Segment s : segments) {
            if (s.sequence() == sequence) {
                return s.bytes();
            }
        }
        return null;
    }

    /** An initialization segment's bytes, or null. */
    public synchronized byte[] init(int number) {
        return inits.get(number);
    }

    /** Media segments finished so far. */
    public synchronized long segmentsMade() {
        return nextSequence;
    }

    /** A client read the playlist or a segment: the stream is read, and the client counted. */
    public void read(String client) {
        long now = clock.getAsLong();
        lastReadAt = now;
        synchronized (this) {
            readers.put(client, now);
        }
    }

    /** Clients that read it within its idle time. */
    public synchronized int viewers() {
        long now = clock.getAsLong();
        readers.values().removeIf(at -> now - at >= idleMillis);
        return readers.size();
    }

    /** Made for as long as someone reads it. */
    @Override
    public boolean holdsStream() {
        return !closed && clock.getAsLong() - lastReadAt < idleMillis;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Detached or the stream ended: the segments are dropped; requests waiting are not answered here. */
    @Override
    public synchronized void close() {
        closed = true;
        segments.clear();
        inits.clear();
        readers.clear();
        current = null;
        waiting.clear();
    }
}
