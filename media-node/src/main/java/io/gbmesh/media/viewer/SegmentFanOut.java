package io.gbmesh.media.viewer;

import io.gbmesh.protocol.media.MediaFrame;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The viewers of one stream in one container: frames are muxed once and the same bytes are written
 * to every viewer. A viewer that joins gets the container header, the current set-up segment and
 * the segments since the last key frame (the GOP cache, bounded), so that it starts at a key frame
 * at once; before the first key frame it waits. A viewer whose send queue is full when a segment is
 * due is dropped: one slow connection must not hold back the others nor make the node buffer
 * without bound.
 *
 * <p>Used from one Vert.x context.
 */
public class SegmentFanOut implements ViewerFanOut {

    /** Above this the GOP cache stops growing and late joiners wait for the next key frame. */
    public static final int DEFAULT_GOP_CACHE_BYTES = 4 * 1024 * 1024;

    private final SegmentMuxer muxer;
    private final int gopCacheBytes;
    private final Set<ViewerChannel> viewers = new LinkedHashSet<>();
    /** Viewers that joined before any key frame. */
    private final Set<ViewerChannel> waiting = new LinkedHashSet<>();
    private final SegmentMuxer.Out out = this::segment;
    private Buffer setUp;
    private final List<Buffer> gop = new ArrayList<>();
    private int gopBytes;
    private boolean gopOverflow;
    private long segments;
    private long droppedViewers;

    public SegmentFanOut(SegmentMuxer muxer, int gopCacheBytes) {
        this.muxer = muxer;
        this.gopCacheBytes = gopCacheBytes;
    }

    @Override
    public void addViewer(ViewerChannel viewer) {
        viewer.write(Buffer.buffer(muxer.viewerHeader()));
        if (setUp == null || gop.isEmpty() || gopOverflow) {
            waiting.add(viewer);
            return;
        }
        viewer.write(setUp);
        for (Buffer segment : gop) {
            viewer.write(segment);
        }
        viewers.add(viewer);
    }

    @Override
    public void removeViewer(ViewerChannel viewer) {
        viewers.remove(viewer);
        waiting.remove(viewer);
    }

    @Override
    public int viewers() {
        return viewers.size() + waiting.size();
    }

    @Override
    public long droppedViewers() {
        return droppedViewers;
    }

    /** Segments muxed (set-up segments included). */
    public long segments() {
        return segments;
    }

    @Override
    public void frame(MediaFrame frame) {
        muxer.frame(frame, out);
    }

    private void segment(byte[] bytes, boolean keyFrame, boolean isSetUp) {
        segments++;
        Buffer segment = Buffer.buffer(bytes);
        if (isSetUp) {
            setUp = segment;
            gop.clear();
            gopBytes = 0;
            gopOverflow = false;
        } else {
            if (keyFrame) {
                gop.clear();
                gopBytes = 0;
                gopOverflow = false;
                admitWaiting();
            }
            if (!gopOverflow) {
                gopBytes += bytes.length;
                if (gopBytes > gopCacheBytes) {
                    gopOverflow = true;
                    gop.clear();
                } else {
                    gop.add(segment);
                }
            }
        }
        List<ViewerChannel> slow = null;
        for (ViewerChannel v : viewers) {
            if (v.writeQueueFull()) {
                if (slow == null) {
                    slow = new ArrayList<>();
                }
                slow.add(v);
            } else {
                v.write(segment);
            }
        }
        if (slow != null) {
            for (ViewerChannel v : slow) {
                viewers.remove(v);
                droppedViewers++;
                v.close();
            }
        }
    }

    /** At a key frame: the viewers waiting get the set-up segment and join from this frame on. */
    private void admitWaiting() {
        if (waiting.isEmpty() || setUp == null) {
            return;
        }
        for (ViewerChannel v : waiting) {
            v.write(setUp);
            viewers.add(v);
        }
        waiting.clear();
    }

    /** Detached or the stream ended: every viewer's connection is closed. */
    @Override
    public void close() {
        List<ViewerChannel> all = new ArrayList<>(viewers);
        all.addAll(waiting);
        viewers.clear();
        waiting.clear();
        all.forEach(ViewerChannel::close);
    }
}
