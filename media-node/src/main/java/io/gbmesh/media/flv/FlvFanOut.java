package io.gbmesh.media.flv;

import io.gbmesh.protocol.media.MediaFrame;
import io.vertx.core.buffer.Buffer;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The HTTP-FLV viewers of one stream: frames are muxed once and the same tag bytes are written to
 * every viewer. A viewer that joins gets the FLV header, the current sequence header and the tags
 * since the last key frame (the GOP cache, bounded), so that it starts at a key frame at once; before
 * the first key frame it waits. A viewer whose send queue is full when a tag is due is dropped: one
 * slow connection must not hold back the others nor make the node buffer without bound.
 *
 * <p>Used from one Vert.x context.
 */
public final class FlvFanOut {

    /** Above this the GOP cache stops growing and late joiners wait for the next key frame. */
    public static final int DEFAULT_GOP_CACHE_BYTES = 4 * 1024 * 1024;

    private final FlvMuxer muxer = new FlvMuxer();
    private final int gopCacheBytes;
    private final Set<ViewerChannel> viewers = new LinkedHashSet<>();
    /** Viewers that joined before any key frame. */
    private final Set<ViewerChannel> waiting = new LinkedHashSet<>();
    private Buffer sequenceHeader;
    private final List<Buffer> gop = new ArrayList<>();
    private int gopBytes;
    private boolean gopOverflow;
    private long tags;
    private long droppedViewers;

    public FlvFanOut() {
        this(DEFAULT_GOP_CACHE_BYTES);
    }

    public FlvFanOut(int gopCacheBytes) {
        this.gopCacheBytes = gopCacheBytes;
    }

    public void addViewer(ViewerChannel viewer) {
        viewer.write(Buffer.buffer(FlvMuxer.header()));
        if (sequenceHeader == null || gop.isEmpty() || gopOverflow) {
            waiting.add(viewer);
            return;
        }
        viewer.write(sequenceHeader);
        for (Buffer tag : gop) {
            viewer.write(tag);
        }
        viewers.add(viewer);
    }

    public void removeViewer(ViewerChannel viewer) {
        viewers.remove(viewer);
        waiting.remove(viewer);
    }

    /** Viewers connected, including those waiting for a key frame. */
    public int viewers() {
        return viewers.size() + waiting.size();
    }

    public long droppedViewers() {
        return droppedViewers;
    }

    public long tags() {
        return tags;
    }

    public void frame(MediaFrame frame) {
        muxer.frame(frame, this::tag);
    }

    private void tag(byte[] bytes, boolean keyFrame, boolean isSequenceHeader) {
        tags++;
        Buffer tag = Buffer.buffer(bytes);
        if (isSequenceHeader) {
            sequenceHeader = tag;
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
                    gop.add(tag);
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
                v.write(tag);
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

    /** At a key frame: the viewers waiting get the sequence header and join from this frame on. */
    private void admitWaiting() {
        if (waiting.isEmpty() || sequenceHeader == null) {
            return;
        }
        for (ViewerChannel v : waiting) {
            v.write(sequenceHeader);
            viewers.add(v);
        }
        waiting.clear();
    }

    /** The stream ended: every viewer's connection is closed. */
    public void close() {
        List<ViewerChannel> all = new ArrayList<>(viewers);
        all.addAll(waiting);
        viewers.clear();
        waiting.clear();
        all.forEach(ViewerChannel::close);
    }
}
