package io.gbmesh.media;

import io.gbmesh.media.audio.AacTranscoding;
import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.media.stream.StreamSinks;
import io.gbmesh.media.viewer.ViewerChannel;
import io.gbmesh.media.viewer.ViewerFanOut;
import io.gbmesh.media.viewer.ViewerFormat;
import io.gbmesh.protocol.media.MediaFrame;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * The viewers of one stream that asked for AAC audio ({@code ?audio=aac}): one {@link AacTranscoding}
 * feeding a fan-out per format they asked, the whole a single sink of the stream. A fan-out joins
 * from the last key frame of what the transcoding gave out, so a late viewer starts with a picture.
 *
 * <p>On the stream's shard only, as every sink.
 */
final class AacViewers implements StreamSink {

    private final StreamSinks formats = new StreamSinks();
    private final AacTranscoding transcoding = new AacTranscoding(formats);
    private final Map<ViewerFormat, ViewerFanOut> fanOuts = new EnumMap<>(ViewerFormat.class);
    private long droppedBefore;

    void addViewer(ViewerFormat format, ViewerChannel viewer) {
        ViewerFanOut fanOut = fanOuts.get(format);
        if (fanOut == null) {
            fanOut = format.newFanOut();
            fanOuts.put(format, fanOut);
            formats.attachFromKeyFrame(fanOut);
        }
        fanOut.addViewer(viewer);
    }

    void removeViewer(ViewerFormat format, ViewerChannel viewer) {
        ViewerFanOut fanOut = fanOuts.get(format);
        if (fanOut != null) {
            fanOut.removeViewer(viewer);
        }
    }

    /** The viewers now; a format's fan-out left without viewers is detached. */
    int count() {
        return detachEmpty(fanOuts, formats, dropped -> droppedBefore += dropped);
    }

    /**
     * The viewers of these fan-outs; a fan-out left without viewers is removed and detached from
     * {@code from}, and the viewers it dropped are given to {@code droppedGone}.
     */
    static int detachEmpty(Map<ViewerFormat, ViewerFanOut> fanOuts, StreamSinks from, LongConsumer droppedGone) {
        int n = 0;
        for (var it = fanOuts.values().iterator(); it.hasNext(); ) {
            ViewerFanOut f = it.next();
            n += f.viewers();
            if (f.viewers() == 0) {
                droppedGone.accept(f.droppedViewers());
                it.remove();
                from.detach(f);
            }
        }
        return n;
    }

    int viewers(ViewerFormat format) {
        ViewerFanOut f = fanOuts.get(format);
        return f == null ? 0 : f.viewers();
    }

    /** Viewers dropped for being too slow, by every fan-out it has had. */
    long droppedViewers() {
        long n = droppedBefore;
        for (ViewerFanOut f : fanOuts.values()) {
            n += f.droppedViewers();
        }
        return n;
    }

    /** Its name among the stream's sinks: the formats it feeds, {@code flv+aac}, {@code mp4+aac}. */
    String name() {
        List<String> names = new ArrayList<>();
        fanOuts.keySet().forEach(f -> names.add(f.extension() + "+aac"));
        return String.join(",", names);
    }

    AacTranscoding transcoding() {
        return transcoding;
    }

    @Override
    public void frame(MediaFrame frame) {
        transcoding.frame(frame);
    }

    @Override
    public boolean holdsStream() {
        return transcoding.holdsStream();
    }

    /** Detached or the stream ended: the encoder is freed and the viewers' connections closed. */
    @Override
    public void close() {
        transcoding.close();
    }
}
