package io.gbmesh.media.push;

import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one stream's H.264 or H.265 frames to an RTMP or RTSP URL with FFmpeg (JavaCPP's FFmpeg 7.1,
 * as javacv uses it), without transcoding unless a {@link FrameTransform} (a watermark) is given: the
 * Annex-B access units go out as they came, the muxer builds the container (FLV over RTMP, Enhanced
 * RTMP's {@code hvc1} for H.265; RTP over RTSP, interleaved on TCP). Writing blocks on the network, so it
 * runs on a thread of its own fed by a bounded queue; when the receiver is too slow frames are dropped
 * and counted, the live source is never slowed. A connection opens at a key frame with its parameter
 * sets; when the receiver goes away (refused, reset, timed out) the push waits (1 s, doubling up to
 * {@link #MAX_BACKOFF_MILLIS}), counts a reconnect and opens again at the next key frame, until closed.
 */
public final class StreamPusher implements StreamSink {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPusher.class);
    private static final MediaFrame END = new MediaFrame(Codec.UNKNOWN, 0, -1, -1, false, new byte[0], null, null, null);
    public static final long MIN_BACKOFF_MILLIS = 1000;
    public static final long MAX_BACKOFF_MILLIS = 30_000;
    private static final long BITRATE_WINDOW_MILLIS = 1000;

    /** Where a push is: waiting for a key frame, connecting, pushing, waiting to reconnect, or stopped. */
    public enum State { WAITING, CONNECTING, PUSHING, RETRYING, STOPPED }

    /** Turns the stream's frames into the frames pushed (re-encoded with a watermark); on the push thread. */
    public interface FrameTransform extends AutoCloseable {
        /** The frames to push for one frame of the stream (none while the encoder fills its pipeline). */
        java.util.List<MediaFrame> apply(MediaFrame frame);

        @Override
        void close();
    }

    private final String url;
    private final BlockingQueue<MediaFrame> queue = new ArrayBlockingQueue<>(512);
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong reconnects = new AtomicLong();
    private final Thread thread;
    private final java.util.function.Supplier<FrameTransform> transforms;
    private final long minBackoffMillis;
    private volatile String error;
    private volatile boolean closed;
    private volatile State state = State.WAITING;
    private volatile long bitrateKbps;
    private volatile long connectedAt;
    private volatile int width;
    private volatile int height;
    /** The codec the receiver was set up for (on the push thread). */
    private Codec codec;

    public StreamPusher(String url, String name) {
        this(url, name, null, MIN_BACKOFF_MILLIS);
    }

    /**
     * @param transforms makes the transform of each connection (a watermark), or null to push the frames as they are
     * @param minBackoffMillis the first wait before reconnecting (then doubled up to {@link #MAX_BACKOFF_MILLIS})
     */
    public StreamPusher(String url, String name, java.util.function.Supplier<FrameTransform> transforms,
                        long minBackoffMillis) {
        this.url = url;
        this.transforms = transforms;
        this.minBackoffMillis = Math.max(10, minBackoffMillis);
        this.thread = new Thread(this::run, "push-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Whether {@code url} is one a push can go to: {@code rtmp://} or {@code rtsp://} with a host. */
    public static boolean isPushUrl(String url) {
        if (url == null || url.length() > 2048) {
            return false;
        }
        try {
            java.net.URI uri = new java.net.URI(url);
            return ("rtmp".equals(uri.getScheme()) || "rtsp".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    public String url() {
        return url;
    }

    /** Queues a frame (H.264 or H.265 video only); never blocks. */
    @Override
    public void frame(MediaFrame frame) {
        if (closed || (frame.codec() != Codec.H264 && frame.codec() != Codec.H265)) {
            return;
        }
        if (!queue.offer(frame)) {
            dropped.incrementAndGet();
        }
    }

    /** Frames written to the receiver, over every connection. */
    public long pushed() {
        return pushed.get();
    }

    /** Frames dropped because the receiver was too slow (the queue was full). */
    public long dropped() {
        return dropped.get();
    }

    /** Connections opened again after the receiver went away. */
    public long reconnects() {
        return reconnects.get();
    }

    public State state() {
        return state;
    }

    /** Bits per second written over the last second, in kbit/s. */
    public long bitrateKbps() {
        return bitrateKbps;
    }

    /** Whether the frames are re-encoded (a watermark). */
    public boolean transcodes() {
        return transforms != null;
    }

    /** Why the last connection failed, or null while the first one works. */
    public String error() {
        return error;
    }

    /** The picture size of the connection, 0 before one opened. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        queue.offer(END);
    }

    private void run() {
        long backoff = minBackoffMillis;
        try {
            org.bytedeco.ffmpeg.global.avformat.avformat_network_init();
            while (!closed) {
                long before = pushed.get();
                boolean ended = connection();
                if (ended || closed) {
                    break;
                }
                if (pushed.get() > before) {
                    backoff = minBackoffMillis; // the connection worked for a while: start the waits again
                }
                state = State.RETRYING;
                if (sleepUnlessClosed(backoff)) {
                    break;
                }
                backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
                reconnects.incrementAndGet();
                state = State.WAITING;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            state = State.STOPPED;
            bitrateKbps = 0;
        }
    }

    /** Waits, dropping what is queued meanwhile; true when the push was closed during the wait. */
    private boolean sleepUnlessClosed(long millis) throws InterruptedException {
        long until = System.nanoTime() + millis * 1_000_000;
        while (!closed) {
            long left = until - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            MediaFrame f = queue.poll(left, TimeUnit.NANOSECONDS);
            if (f == END) {
                return true;
            }
        }
        return true;
    }

    /**
     * One connection: waits for a key frame, opens the output, writes until the push is closed (true)
     * or the receiver fails (false).
     */
    private boolean connection() throws InterruptedException {
        PushOutput out = null;
        FrameTransform transform = null;
        long firstDts = Long.MIN_VALUE;
        long windowStart = System.nanoTime();
        long windowBytes = 0;
        try {
            while (true) {
                MediaFrame f = queue.poll(1, TimeUnit.SECONDS);
                if (f == END || (closed && f == null)) {
                    return true;
                }
                long now = System.nanoTime();
                if (now - windowStart >= BITRATE_WINDOW_MILLIS * 1_000_000) {
                    bitrateKbps = windowBytes * 8 * 1_000_000 / Math.max(1, now - windowStart);
                    windowBytes = 0;
                    windowStart = now;
                }
                if (f == null) {
                    continue;
                }
                if (codec != null && f.codec() != codec) {
                    continue; // the stream changed codec: the receiver was set up for the first one
                }
                if (out == null) {
                    if (!f.keyFrame() || f.sps() == null || f.pps() == null
                            || (f.codec() == Codec.H265 && f.vps() == null)) {
                        continue; // a receiver can only start at a key frame
                    }
                    state = State.CONNECTING;
                    firstDts = f.dts() >= 0 ? f.dts() : f.pts();
                    if (transforms != null) {
                        transform = transforms.get();
                    }
                    out = transform == null ? open(f) : null;
                    codec = f.codec();
                }
                for (MediaFrame g : transform == null ? java.util.List.of(f) : transform.apply(f)) {
                    if (out == null) {
                        out = open(g); // the first encoded frame is a key frame with its parameter sets
                    }
                    long ts = (g.dts() >= 0 ? g.dts() : g.pts()) - firstDts;
                    long pts = g.pts() >= 0 ? g.pts() - firstDts : ts;
                    if (ts < 0) {
                        continue;
                    }
                    out.write(g.data(), ts, pts, g.keyFrame());
                    windowBytes += g.data().length;
                    pushed.incrementAndGet();
                }
            }
        } catch (RuntimeException e) {
            error = e.getMessage();
            LOG.info("push to {} failed: {}", url, e.getMessage());
            return false;
        } finally {
            bitrateKbps = 0;
            if (out != null) {
                try {
                    out.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing the push to {}: {}", url, e.toString());
                }
            }
            if (transform != null) {
                transform.close();
            }
        }
    }

    private PushOutput open(MediaFrame key) {
        byte[] extra = key.codec() == Codec.H265 ? PushOutput.annexB(key.vps(), key.sps(), key.pps())
                : PushOutput.annexB(key.sps(), key.pps());
        PushOutput out = new PushOutput(url, key.codec(), extra, key.sps());
        width = out.width();
        height = out.height();
        connectedAt = System.currentTimeMillis();
        state = State.PUSHING;
        LOG.info("pushing to {} ({}x{})", url, out.width(), out.height());
        return out;
    }

    /** When the current connection opened (epoch milliseconds), 0 before the first. */
    public long connectedAt() {
        return connectedAt;
    }
}
