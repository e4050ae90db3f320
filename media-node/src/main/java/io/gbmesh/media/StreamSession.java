package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.contracts.StreamStats;
import io.gbmesh.media.audio.AacTranscoding;
import io.gbmesh.media.hls.HlsSegmenter;
import io.gbmesh.media.ingest.RtpIngest;
import io.gbmesh.media.ingest.RtpReceiver;
import io.gbmesh.media.push.StreamPusher;
import io.gbmesh.media.snapshot.KeyFrameKeeper;
import io.gbmesh.media.stream.StreamProcess;
import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.media.stream.StreamSinks;
import io.gbmesh.media.viewer.ViewerChannel;
import io.gbmesh.media.viewer.ViewerFanOut;
import io.gbmesh.media.viewer.ViewerFormat;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One stream on this node: its socket side (the ingest, or a route on the shared port), its
 * {@link StreamProcess} created on the first packet, the {@link StreamSinks} the process feeds (a
 * fan-out per viewer format while it has viewers, the push, a download's file), and the clocks that decide when it
 * started, stalled or has been without a consumer too long.
 *
 * <p>Its packets, processing, viewers and clocks run on its {@link Shard}'s context; the node's
 * context opens and closes it, tells it the answered SSRC and adds viewers through methods that hand
 * the work to the shard, and reads its counters as they are (monitoring figures, maybe a moment old).
 */
final class StreamSession {

    /** What the node does when a session reaches one of its milestones. */
    interface Events {
        void started(StreamSession session);

        void stalled(StreamSession session, long silentMillis);

        void idle(StreamSession session);

        /** A download's stream closed and its file with it (on the node's context). */
        default void downloadClosed(StreamSession session, String reason) {
        }
    }

    private final OpenStream open;
    private final long offeredSsrc;
    private final long ssrcLockMillis;
    private final Events events;
    /** What the frames go to: a fan-out per viewer format asked, the push; used on the shard only. */
    private final StreamSinks sinks = new StreamSinks();
    private final Map<ViewerFormat, ViewerFanOut> fanOuts = new EnumMap<>(ViewerFormat.class);
    private final Shard shard;
    /**
     * The viewers who asked for AAC audio ({@code ?audio=aac}) of a G.711 stream: made for the first
     * of them, detached with the last; set on the shard only.
     */
    private volatile AacViewers aacViewers;
    /** The stream's audio codec, from its first audio frame; UNKNOWN until then. */
    private volatile Codec audioCodec = Codec.UNKNOWN;
    /** HLS while someone reads it; made by the first playlist request, detached on the shard when idle. */
    private HlsSegmenter hls;
    private final long hlsIdleMillis;
    /** Viewers by protocol ({@code flv}, {@code mp4}, {@code hls}), counted on the shard, read from anywhere. */
    private volatile Map<String, Integer> viewersByProtocol = Map.of("flv", 0, "mp4", 0, "hls", 0);
    private RtpIngest ingest;
    private RtpReceiver receiver;
    private int port;
    private boolean sharedPort;
    private volatile long answeredSsrc = -1;
    private int answers;
    /** Viewers admitted (counted when their request is accepted, before they reach a fan-out). */
    private final AtomicInteger admitted = new AtomicInteger();
    /** Viewers in the fan-outs, counted on the shard, read from anywhere. */
    private volatile int viewers;
    private volatile long droppedViewers;
    private volatile boolean held;
    /** What the stream's frames go to now, by name ({@code flv}, {@code mp4}, {@code push}), read from anywhere. */
    private volatile List<String> sinkNames = List.of();
    private volatile StreamProcess process;
    private volatile boolean started;
    private boolean stalled;
    private volatile boolean closed;
    private long lastViewerAt;
    private volatile StreamPusher pusher;
    /** A playback's or download's timestamps made monotonic across seeks and files; null for live. */
    private final io.gbmesh.media.stream.TimestampRebaser rebaser;
    /** The pushes asked for this stream ({@code POST /api/streams/{id}/pushes}), by push ID, in the order asked. */
    private final Map<String, StreamPusher> pushes = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    /** The last key frame, what a snapshot decodes; fed with every frame, never a consumer that holds the stream. */
    private final KeyFrameKeeper keyFrames = new KeyFrameKeeper();
    /** Viewers dropped by the fan-outs detached so far. */
    private long droppedViewersBefore;
    /** A download's file; null for live and playback. */
    private final io.gbmesh.media.record.Mp4FileRecorder recorder;

    StreamSession(OpenStream open, long ssrcLockMillis, long now, Events events, Shard shard) {
        this(open, ssrcLockMillis, now, events, shard, HlsSegmenter.DEFAULT_IDLE_MILLIS, null);
    }

    /**
     * {@code hlsIdleMillis}: how long HLS runs without a reader; {@code downloadDir}: where a download
     * ({@link StreamKind#DOWNLOAD}) writes {@code <streamId>.mp4}.
     */
    StreamSession(OpenStream open, long ssrcLockMillis, long now, Events events, Shard shard, long hlsIdleMillis,
                  java.nio.file.Path downloadDir) {
        this.hlsIdleMillis = hlsIdleMillis;
        this.open = open;
        this.shard = shard;
        this.offeredSsrc = StreamProcess.parseSsrc(open.ssrc());
        this.ssrcLockMillis = ssrcLockMillis;
        this.events = events;
        this.lastViewerAt = now;
        this.rebaser = open.kind() == StreamKind.PLAY ? null : new io.gbmesh.media.stream.TimestampRebaser();
        this.recorder = open.kind() == StreamKind.DOWNLOAD && downloadDir != null
                ? new io.gbmesh.media.record.Mp4FileRecorder(downloadDir.resolve(open.streamId() + ".mp4")) : null;
        if (recorder != null) {
            sinks.attach(recorder);
        }
    }

    /** A download's file, or null. */
    io.gbmesh.media.record.Mp4FileRecorder recorder() {
        return recorder;
    }

    /** RTP payload bytes received so far. */
    long receivedBytes() {
        return process == null ? 0 : process.stats(0).bytes();
    }

    void attach(RtpIngest ingest) {
        this.ingest = ingest;
        this.port = ingest.port();
    }

    void attachShared(int port, RtpReceiver receiver) {
        this.sharedPort = true;
        this.port = port;
        this.receiver = receiver;
    }

    /** What the shared port routes this stream's SSRCs to. */
    RtpReceiver receiver() {
        return receiver;
    }

    Shard shard() {
        return shard;
    }

    /** One RTP packet from the socket (on the shard); {@code source} is the sender, null over TCP. */
    void rtp(byte[] packet, int off, int len, long now, java.net.InetSocketAddress source) {
        if (closed) {
            return;
        }
        StreamProcess p = process;
        if (p == null) {
            p = new StreamProcess(offeredSsrc, ssrcLockMillis, this::frame);
            p.answeredSsrc(answeredSsrc);
            process = p;
        }
        stalled = false;
        p.rtp(packet, off, len, now, source);
    }

    /**
     * A viewer joins in a format (handed to the shard). The format's fan-out is made for the first
     * viewer and attached from the last key frame, so that viewer starts with a picture at once.
     */
    void addViewer(ViewerFormat format, ViewerChannel viewer) {
        addViewer(format, false, viewer);
    }

    /**
     * A viewer joins in a format, with AAC audio when {@code aac}: a G.711 stream's audio is then
     * transcoded, once for all such viewers (a stream whose audio is AAC already is not).
     */
    void addViewer(ViewerFormat format, boolean aac, ViewerChannel viewer) {
        shard.run(() -> {
            if (closed) {
                viewer.close();
                return;
            }
            if (aac && audioCodec != Codec.AAC) {
                AacViewers transcoded = aacViewers;
                if (transcoded == null) {
                    transcoded = new AacViewers();
                    transcoded.addViewer(format, viewer);
                    aacViewers = transcoded;
                    sinks.attachFromKeyFrame(transcoded);
                } else {
                    transcoded.addViewer(format, viewer);
                }
                countViewers();
                return;
            }
            ViewerFanOut fanOut = fanOuts.get(format);
            if (fanOut == null) {
                fanOut = format.newFanOut();
                fanOuts.put(format, fanOut);
                sinks.attachFromKeyFrame(fanOut);
            }
            fanOut.addViewer(viewer);
            countViewers();
        });
    }

    void removeViewer(ViewerFormat format, ViewerChannel viewer) {
        shard.run(() -> {
            ViewerFanOut fanOut = fanOuts.get(format);
            if (fanOut != null) {
                fanOut.removeViewer(viewer);
            }
            if (aacViewers != null) {
                aacViewers.removeViewer(format, viewer);
            }
            countViewers();
        });
    }

    /**
     * The stream's HLS, made and attached (from the last key frame, on the shard) by the first request
     * when there is none, or null when there is none and {@code create} is false or the stream is closed.
     */
    synchronized HlsSegmenter hls(boolean create) {
        if ((hls == null || hls.isClosed()) && create && !closed) {
            HlsSegmenter made = new HlsSegmenter(hlsIdleMillis, () -> System.nanoTime() / 1_000_000);
            hls = made;
            shard.run(() -> {
                if (closed) {
                    made.close();
                } else {
                    sinks.attachFromKeyFrame(made);
                    countViewers();
                }
            });
        }
        return hls;
    }

    /** Attaches a sink for the stream's frames from now on (handed to the shard); closed with the stream. */
    void attach(StreamSink sink) {
        shard.run(() -> {
            if (closed) {
                sink.close();
            } else {
                sinks.attach(sink);
                countViewers();
            }
        });
    }

    /** Detaches and closes a sink (handed to the shard). */
    void detach(StreamSink sink) {
        shard.run(() -> {
            sinks.detach(sink);
            countViewers();
        });
    }

    /** Pushes the stream to a media server as well (RTMP or RTSP), for as long as it lives. */
    void pushTo(String url) {
        StreamPusher p = new StreamPusher(url, open.streamId());
        pusher = p;
        held = true;
        attach(p);
    }

    StreamPusher pusher() {
        return pusher;
    }

    /**
     * Pushes the stream to another server too, under {@code pushId}, from the last key frame, until
     * {@link #removePush} or the end of the stream; false (and the pusher closed) when the stream already has a push of that ID.
     */
    boolean addPush(String pushId, StreamPusher push) {
        if (closed || pushes.putIfAbsent(pushId, push) != null) {
            push.close();
            return false;
        }
        // from the last key frame: the receiver gets a picture at once rather than at the next key frame
        shard.run(() -> {
            if (closed) {
                push.close();
            } else {
                sinks.attachFromKeyFrame(push);
                countViewers();
            }
        });
        return true;
    }

    /** Stops the push of that ID; false when there is none. */
    boolean removePush(String pushId) {
        StreamPusher push = pushes.remove(pushId);
        if (push == null) {
            return false;
        }
        detach(push);
        return true;
    }

    /** The pushes asked for the stream, by push ID (a copy). */
    Map<String, StreamPusher> pushes() {
        synchronized (pushes) {
            return new java.util.LinkedHashMap<>(pushes);
        }
    }

    /** What a snapshot decodes: the stream's last key frame with its parameter sets. */
    KeyFrameKeeper keyFrames() {
        return keyFrames;
    }

    private void frame(MediaFrame frame) {
        if (audioCodec == Codec.UNKNOWN && !frame.isVideo()) {
            audioCodec = frame.codec();
        }
        keyFrames.frame(frame);
        sinks.frame(rebaser == null ? frame : rebaser.apply(frame));
        if (!started && frame.isVideo() && (frame.keyFrame() || process.width() > 0
                || (frame.codec() != Codec.H264 && frame.codec() != Codec.H265))) {
            started = true;
            events.started(this);
        }
    }

    /**
     * The viewers now, and the fan-outs without viewers (dropped, gone) detached, so that nothing
     * is muxed for nobody. On the shard.
     */
    private void countViewers() {
        int n = AacViewers.detachEmpty(fanOuts, sinks, dropped -> droppedViewersBefore += dropped);
        AacViewers transcoded = aacViewers;
        if (transcoded != null) {
            int aac = transcoded.count();
            n += aac;
            if (aac == 0) {
                droppedViewersBefore += transcoded.droppedViewers();
                aacViewers = null;
                sinks.detach(transcoded);
            }
        }
        HlsSegmenter h = hlsAttached();
        int hlsViewers = h == null ? 0 : h.viewers();
        n += hlsViewers;
        long dropped = droppedViewersBefore;
        for (ViewerFanOut f : fanOuts.values()) {
            dropped += f.droppedViewers();
        }
        if (aacViewers != null) {
            dropped += aacViewers.droppedViewers();
        }
        droppedViewers = dropped;
        viewersByProtocol = Map.of("flv", viewersOf(ViewerFormat.FLV), "mp4", viewersOf(ViewerFormat.MP4),
                "hls", hlsViewers);
        viewers = n;
        held = sinks.holdsStream();
        List<StreamSink> attached = sinks.attached();
        List<String> names = new ArrayList<>(attached.size());
        attached.forEach(sink -> names.add(nameOf(sink)));
        if (!names.equals(sinkNames)) {
            sinkNames = List.copyOf(names);
        }
    }

    private String nameOf(StreamSink sink) {
        for (Map.Entry<ViewerFormat, ViewerFanOut> e : fanOuts.entrySet()) {
            if (e.getValue() == sink) {
                return e.getKey().extension();
            }
        }
        if (sink instanceof AacViewers transcoded) {
            return transcoded.name();
        }
        if (sink instanceof HlsSegmenter) {
            return "hls";
        }
        return sink == pusher || sink instanceof StreamPusher ? "push" : sink.getClass().getSimpleName();
    }

    /** The viewers of a format, with and without AAC transcoding; on the shard. */
    private int viewersOf(ViewerFormat format) {
        ViewerFanOut plain = fanOuts.get(format);
        AacViewers aac = aacViewers;
        return (plain == null ? 0 : plain.viewers()) + (aac == null ? 0 : aac.viewers(format));
    }

    /** The HLS attached now, detached first when nobody read it within its idle time; on the shard. */
    private HlsSegmenter hlsAttached() {
        HlsSegmenter h;
        synchronized (this) {
            h = hls;
            if (h != null && !h.holdsStream()) {
                hls = null;
            }
        }
        if (h != null && !h.holdsStream()) {
            sinks.detach(h);
            h.close();
            return null;
        }
        return h;
    }

    /** Viewers now by protocol: {@code flv}, {@code mp4} (each with and without AAC transcoding), {@code hls}. */
    Map<String, Integer> viewersByProtocol() {
        return viewersByProtocol;
    }

    /** The stream's audio codec (UNKNOWN before its first audio frame, or without audio). */
    Codec audioCodec() {
        return audioCodec;
    }

    /** The G.711 to AAC transcoding feeding the AAC viewers now, or null; its counters read as they are. */
    AacTranscoding transcoder() {
        AacViewers aac = aacViewers;
        return aac == null ? null : aac.transcoding();
    }

    /** The sinks the stream feeds now, by name: a viewer format while it has viewers, the push. */
    List<String> sinkNames() {
        return sinkNames;
    }

    /**
     * The device answered (on the node's context). An answer after the first is a re-INVITE of a
     * stalled stream: the device may send from a new port now, so the sender lock is released.
     * Returns whether the device had answered before.
     */
    boolean answered(long ssrc) {
        if (ssrc >= 0) {
            answeredSsrc = ssrc;
        }
        boolean again = answers++ > 0;
        shard.run(() -> {
            if (process != null) {
                process.answeredSsrc(ssrc);
                if (again) {
                    process.releaseSource();
                    process.newDialog();
                }
            }
        });
        return again;
    }

    /** The shard's timer: process clocks, stall and idle. */
    void tick(long now, long stallMillis, long idleMillis) {
        if (closed) {
            return;
        }
        if (process != null) {
            process.tick(now);
            long silent = now - process.lastPacketAt();
            if (!stalled && silent >= stallMillis) {
                stalled = true;
                events.stalled(this, silent);
            }
        }
        countViewers();
        if (hasConsumer()) {
            lastViewerAt = now;
        } else if (now - lastViewerAt >= idleMillis) {
            events.idle(this);
        }
    }

    /** A viewer, a push, or a download (which runs to its end whoever watches) keeps the stream from being idle. */
    private boolean hasConsumer() {
        return viewers > 0 || held || open.kind() == StreamKind.DOWNLOAD;
    }

    /** How long the stream has had no viewer and no push, in milliseconds at {@code now}: 0 while it has one. */
    long idleMillis(long now) {
        if (hasConsumer()) {
            return 0;
        }
        return Math.max(0, now - lastViewerAt);
    }

    /** No more packets are taken; the sinks (viewers, push) are ended on the shard. */
    void markClosed() {
        closed = true;
        shard.remove(this);
        shard.run(() -> {
            fanOuts.clear();
            aacViewers = null;
            synchronized (this) {
                if (hls != null) {
                    hls.close();
                }
            }
            pushes.clear();
            sinks.close();
            viewers = 0;
            sinkNames = List.of();
        });
    }

    StreamStats stats() {
        if (process == null) {
            return new StreamStats(0, 0, 0, 0, 0, 0, false, null, 0, 0, 0, viewers);
        }
        return process.stats(viewers);
    }

    String streamId() {
        return open.streamId();
    }

    OpenStream open() {
        return open;
    }

    MediaTransport transport() {
        return open.transport();
    }

    int port() {
        return port;
    }

    boolean sharedPort() {
        return sharedPort;
    }

    RtpIngest ingest() {
        return ingest;
    }

    long offeredSsrc() {
        return offeredSsrc;
    }

    long answeredSsrc() {
        return answeredSsrc;
    }

    /** Viewers in the stream's fan-outs now. */
    int viewers() {
        return viewers;
    }

    /** Viewers dropped for being too slow, over the stream's life. */
    long droppedViewers() {
        return droppedViewers;
    }

    boolean isStarted() {
        return started;
    }

    boolean isClosed() {
        return closed;
    }

    Codec codec() {
        return process == null ? Codec.UNKNOWN : process.codec();
    }

    int width() {
        return process == null ? 0 : process.width();
    }

    int height() {
        return process == null ? 0 : process.height();
    }

    long bitrateKbps() {
        return process == null ? 0 : process.stats(0).bitrateKbps();
    }

    AtomicInteger admittedViewers() {
        return admitted;
    }

    long foreignSourceDropped() {
        return process == null ? 0 : process.foreignSourceDropped();
    }

    long malformedPackets() {
        return process == null ? 0 : process.malformed();
    }
}
