package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.DialogEnded;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.contracts.StreamStalled;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.runtime.MediaUrlToken;
import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.ClusterManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stream orchestration (DESIGN: live video flow), a verticle of its own: reuse the running live
 * stream of a channel and profile, or pick the least-loaded media node and run a {@link StreamStart};
 * stop streams; handle a node giving up on a stream (no viewer), a device's BYE and stalls
 * (re-INVITE, bounded). The streams are kept in the cluster ({@link ClusterStreams}), so any replica
 * lists, reuses and stops any stream; so are the starts under way ({@link StartsUnderWay}), so
 * that a start left by a replica that is gone is closed by another. Its consumers, timers and maps
 * all run on this verticle's context; callers on other contexts (the HTTP routes) are handed over to
 * it and get their answer back on their own context.
 */
public final class StreamOrchestrator extends VerticleBase implements StreamStart.Mesh {
    private static final Logger LOG = LoggerFactory.getLogger(StreamOrchestrator.class);
    /** Commands from the MQTT endpoint: JSON {deviceId, channelId, transport, profile} → the stream. */
    public static final String LIVE_START = "gb.api.live.start";
    /** Commands from the MQTT endpoint: JSON {streamId}. */
    public static final String LIVE_STOP = "gb.api.live.stop";
    /** A node-api token is made per request: it needs to live only as long as one. */
    private static final long NODE_API_TOKEN_SECONDS = 60;
    private static final long BYE_TIMEOUT_MILLIS = 10_000;
    private static final long DEFAULT_START_SWEEP_MILLIS = 2_000;

    private final StreamSettings settings;
    private final MediaNodes nodes;
    private final MediaUrlToken mediaUrls;
    private SsrcAllocator ssrcs;
    private ClusterStreams table;
    private StartsUnderWay underWay;
    /** This orchestrator in the cluster: who runs the starts and downloads it records. */
    private StartsUnderWay.Owner self;
    private FileContinuation continuation;
    private SweepSchedule sweeps;
    /** Starts in progress on this replica, by channel key: two viewers asking at once share one INVITE. */
    private final Map<String, Future<ActiveStream>> starting = new HashMap<>();
    private final Map<String, Promise<StreamStarted>> firstFrames = new HashMap<>();
    /** What else is looked at after each sweep of the starts under way (the downloads left by a replica). */
    private final List<Supplier<Future<Void>>> afterSweep = new java.util.concurrent.CopyOnWriteArrayList<>();

    private StreamOrchestrator(StreamSettings settings) {
        this.settings = settings;
        this.nodes = new MediaNodes(settings.nodeStaleMillis());
        this.mediaUrls = settings.mediaUrls();
    }

    /**
     * Settings: {@code GB_SIP_DOMAIN}, {@code GB_FIRST_FRAME_TIMEOUT_MS}, {@code GB_INVITE_TIMEOUT_MS},
     * {@code GB_REINVITE_TRIES}; {@code mediaUrls} signs the viewer URLs handed out and the requests to
     * the media nodes' own API ({@code GB_MEDIA_URL_SECRET}, required, and {@code GB_MEDIA_URL_TTL_S});
     * {@code GB_STREAM_START_SWEEP_MS}, how often the starts under way are looked at for those whose
     * replica is gone ({@link StartsUnderWay}).
     */
    public record StreamSettings(String domain, long firstFrameTimeoutMillis, long inviteTimeoutMillis, int reinviteTries,
                                 long nodeStaleMillis, MediaUrlToken mediaUrls, long startSweepMillis) {
        public StreamSettings {
            Objects.requireNonNull(mediaUrls, "the media URL signer");
            if (startSweepMillis < 1) {
                throw new IllegalArgumentException("GB_STREAM_START_SWEEP_MS must be at least 1, not " + startSweepMillis);
            }
        }

        /** The settings with the default sweep of the starts under way. */
        public StreamSettings(String domain, long firstFrameTimeoutMillis, long inviteTimeoutMillis, int reinviteTries,
                              long nodeStaleMillis, MediaUrlToken mediaUrls) {
            this(domain, firstFrameTimeoutMillis, inviteTimeoutMillis, reinviteTries, nodeStaleMillis, mediaUrls,
                    DEFAULT_START_SWEEP_MILLIS);
        }

        public static StreamSettings fromEnv(io.gbmesh.runtime.Env env) {
            return new StreamSettings(env.get("GB_SIP_DOMAIN", "3402000000"), env.getInt("GB_FIRST_FRAME_TIMEOUT_MS", 10_000),
                    env.getInt("GB_INVITE_TIMEOUT_MS", 40_000), env.getInt("GB_REINVITE_TRIES", 2),
                    3L * env.getInt("GB_MEDIA_LOAD_INTERVAL_MS", 2000) + 1000, MediaUrlToken.fromEnv(env),
                    env.getInt("GB_STREAM_START_SWEEP_MS", (int) DEFAULT_START_SWEEP_MILLIS));
        }
    }

    /** Deploys the orchestrator; ready once its cluster maps are open and its consumers registered cluster-wide. */
    public static Future<StreamOrchestrator> start(Vertx vertx, StreamSettings settings) {
        StreamOrchestrator o = new StreamOrchestrator(settings);
        return vertx.deployVerticle(o).map(id -> o);
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        Future<SsrcAllocator> allocator = SsrcAllocator.open(vertx, settings.domain());
        Future<ClusterStreams> streams = ClusterStreams.open(vertx);
        self = owner();
        return Future.all(allocator, streams).compose(v -> StartsUnderWay.open(vertx, self, this::members,
                (address, close) -> request(address, close, BYE_TIMEOUT_MILLIS, Object.class).mapEmpty(),
                streams.result(), allocator.result(), settings.inviteTimeoutMillis())).compose(starts -> {
            ssrcs = allocator.result();
            table = streams.result();
            underWay = starts;
            // the next sweep is armed once this one completed: a map that does not answer holds one sweep, not a pile
            sweeps = SweepSchedule.start(vertx, settings.startSweepMillis(), () -> underWay.sweep().eventually(() ->
                    Future.join(afterSweep.stream().map(Supplier::get).toList())));
            continuation = new FileContinuation(this, table, this::stop, settings.inviteTimeoutMillis());
            var bus = vertx.eventBus();
            return Future.all(List.of(
                    bus.<Object>consumer(Addresses.MEDIA_LOAD, m -> nodes.report((MediaNodeLoad) m.body())).completion(),
                    bus.<Object>consumer(Addresses.STREAM_STARTED, m -> onStarted((StreamStarted) m.body())).completion(),
                    bus.<Object>consumer(Addresses.STREAM_STOPPED, m -> onStopped((StreamStopped) m.body())).completion(),
                    bus.<Object>consumer(Addresses.STREAM_STALLED, m -> onStalled((StreamStalled) m.body())).completion(),
                    bus.<Object>consumer(Addresses.DIALOG_ENDED, m -> onDialogEnded((DialogEnded) m.body())).completion(),
                    bus.<Object>consumer(LIVE_START, this::onStartCommand).completion(),
                    bus.<Object>consumer(LIVE_STOP, this::onStopCommand).completion(),
                    bus.<Object>consumer(Addresses.MEDIA_STATUS, m -> onMediaStatus((io.gbmesh.contracts.MediaStatusNotified) m.body()))
                            .completion()));
        });
    }

    @Override
    public Future<?> stop() {
        if (sweeps != null) {
            sweeps.cancel();
        }
        return Future.succeededFuture();
    }

    /** Exports the counts of the starts under way it settled. */
    public void registerMetrics(io.gbmesh.api.http.ApiMetrics metrics) {
        underWay.register(metrics);
    }

    /** This orchestrator, on its cluster member (the member's ID; "local" out of a cluster). */
    private StartsUnderWay.Owner owner() {
        ClusterManager cluster = VertxLoops.clusterManager(vertx);
        return new StartsUnderWay.Owner(UUID.randomUUID().toString(), cluster == null ? "local" : cluster.getNodeId());
    }

    /** {@code sweep} runs after each sweep of the starts under way, on this verticle's context. */
    void afterEachSweep(Supplier<Future<Void>> sweep) {
        afterSweep.add(sweep);
    }

    /** This orchestrator: its own ID and its cluster member. */
    StartsUnderWay.Owner self() {
        return self;
    }

    /** Whether the stream is still being started, here or by a replica that is gone (not settled yet). */
    Future<Boolean> startUnderWay(String streamId) {
        return underWay.underWay(streamId);
    }

    /** The IDs of the cluster's members now (throws while leaving the cluster). */
    List<String> members() {
        ClusterManager cluster = VertxLoops.clusterManager(vertx);
        return cluster == null ? List.of("local") : cluster.getNodes();
    }

    /**
     * Runs {@code work} on this verticle's context; the outcome is delivered on the caller's context
     * (or as it comes, for a caller on none).
     */
    private <T> Future<T> onOwnContext(Supplier<Future<T>> work) {
        Context caller = Vertx.currentContext();
        if (caller == context) {
            return work.get();
        }
        Promise<T> promise = caller == null ? Promise.promise() : VertxLoops.promise(caller);
        context.runOnContext(v -> {
            try {
                work.get().onComplete(promise);
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }

    /** Starts (or reuses) the live stream of a channel; completes at its first frame. */
    public Future<ActiveStream> live(String deviceId, String channelId, MediaTransport transport, int profile) {
        return onOwnContext(() -> {
            String key = ClusterStreams.channelKey(deviceId, channelId, profile);
            Future<ActiveStream> pending = starting.get(key);
            if (pending != null) {
                return pending;
            }
            Future<ActiveStream> f = table.liveOf(key).compose(running -> running != null ? Future.succeededFuture(running)
                    : start(new StreamStart.Request(StreamKind.PLAY, deviceId, channelId, transport, profile, 0, 0), key));
            starting.put(key, f);
            return f.onComplete(ar -> starting.remove(key, f));
        });
    }

    /** Runs a start on the least loaded node, then records the stream in the cluster (a live one as its channel's). */
    private Future<ActiveStream> start(StreamStart.Request request, String channelKey) {
        return start(request, channelKey, (streamId, node) -> Future.succeededFuture(), answer -> { });
    }

    private Future<ActiveStream> start(StreamStart.Request request, String channelKey, StreamStart.Begun begun,
                                       java.util.function.Consumer<InviteAnswer> answered) {
        MediaNodeLoad node = nodes.leastLoaded(System.currentTimeMillis()).orElse(null);
        if (node == null) {
            return Future.failedFuture(new StreamFailure(nodes.any() ? 409 : 503, StartStep.OPEN_PORT,
                    nodes.any() ? "no media node has a free port" : "no media node is running"));
        }
        StreamStart run = new StreamStart(request, node, ssrcs, underWay, this, settings.inviteTimeoutMillis(), begun);
        return run.run().onSuccess(mine -> answered.accept(run.answer()))
                .compose(mine -> table.record(mine, channelKey)
                        // in the table, or else closed by the next sweep of the starts under way
                        .onFailure(err -> underWay.abandon(mine.streamId()))
                        .compose(recorded -> {
                            if (recorded.streamId().equals(mine.streamId())) {
                                return underWay.end(mine.streamId()).otherwiseEmpty().map(mine);
                            }
                            // another replica started the channel at the same time: its stream is the channel's
                            return closeDuplicate(mine).map(recorded);
                        }));
    }

    /**
     * A stream started twice: this one is closed while its start is still recorded under way (should this
     * replica go meanwhile, the sweep closes it), then its start is forgotten, then its SSRC released
     * (forgotten first: a start claiming the SSRC again has the same stream ID). A start that could not be
     * forgotten keeps its SSRC, for the sweep that settles it.
     */
    private Future<Void> closeDuplicate(ActiveStream s) {
        return closeMedia(s, "duplicate")
                .compose(v -> underWay.end(s.streamId()))
                .compose(v -> ssrcs.release(s.ssrc(), s.ssrcOwner()))
                .otherwiseEmpty();
    }

    /**
     * Starts the playback of a channel's recordings over {@code [start, end]} (epoch seconds): the same
     * start as live with {@code s=Playback} and {@code t=start end}, an SSRC whose first digit is 1,
     * never shared with another viewer's request; completes at its first frame.
     */
    public Future<ActiveStream> playback(String deviceId, String channelId, MediaTransport transport, long start, long end) {
        return onOwnContext(() -> start(new StreamStart.Request(StreamKind.PLAYBACK, deviceId, channelId, transport, 0, start, end),
                null));
    }

    /**
     * Starts a download of a channel's recordings over {@code [start, end]} (epoch seconds): the same
     * start with {@code s=Download} and {@code a=downloadspeed:speed}; its media node writes the stream
     * to a file. Completes at its first frame, {@code answered} given the device's answer first (its
     * {@code a=filesize}).
     */
    public Future<ActiveStream> download(String deviceId, String channelId, MediaTransport transport, long start, long end,
                                         int speed, java.util.function.Consumer<InviteAnswer> answered) {
        return download(deviceId, channelId, transport, start, end, speed, (streamId, node) -> Future.succeededFuture(),
                answered);
    }

    /**
     * The same, {@code begun} told the stream's ID and its media node once the start is recorded under
     * way, before the node is asked for a port (a failure there fails the start).
     */
    Future<ActiveStream> download(String deviceId, String channelId, MediaTransport transport, long start, long end, int speed,
                                  StreamStart.Begun begun, java.util.function.Consumer<InviteAnswer> answered) {
        return onOwnContext(() -> start(new StreamStart.Request(StreamKind.DOWNLOAD, deviceId, channelId, transport, 0, start,
                end, speed), null, begun, answered));
    }

    /**
     * VCR control of a running playback (reference 6.10): the gateway holding its dialog sends the
     * MANSRTSP INFO; fails 404 for no such stream, 409 for a stream that is not a playback.
     */
    public Future<io.gbmesh.contracts.PlaybackControl> control(String streamId, io.gbmesh.contracts.PlaybackControl.Action action,
                                                              double scale, double position) {
        return onOwnContext(() -> table.get(streamId).compose(s -> {
            if (s == null) {
                return Future.failedFuture(new StreamFailure(404, "no stream " + streamId));
            }
            if (s.kind() != StreamKind.PLAYBACK) {
                return Future.failedFuture(new StreamFailure(409, "stream " + streamId + " is not a playback"));
            }
            if (s.advancing()) {
                // its dialog is being replaced: a control now would reach the dialog being ended
                return Future.failedFuture(new StreamFailure(409, "playback " + streamId + " is moving to the next file; try again"));
            }
            // position counts from the start of the range asked; the device's npt from its current INVITE's start
            double played = s.segmentStart() - s.startTime();
            if (action == io.gbmesh.contracts.PlaybackControl.Action.SEEK && played > 0 && position < played
                    && position >= 0) {
                return continuation.restartFrom(s, s.startTime() + (long) position)
                        .map(v -> new io.gbmesh.contracts.PlaybackControl(streamId, action, scale, position, 0))
                        .recover(err -> Future.failedFuture(controlFailure(err)));
            }
            double npt = action == io.gbmesh.contracts.PlaybackControl.Action.SEEK && played > 0 ? position - played : position;
            return request(Addresses.PLAYBACK_CONTROL, new io.gbmesh.contracts.PlaybackControl(streamId, action, scale, npt, 0),
                    BYE_TIMEOUT_MILLIS + 5000, io.gbmesh.contracts.PlaybackControl.class)
                    .recover(err -> Future.failedFuture(controlFailure(err)));
        }));
    }

    private static StreamFailure controlFailure(Throwable err) {
        if (err instanceof io.vertx.core.eventbus.ReplyException re) {
            int code = re.failureCode();
            return switch (code) {
                case io.gbmesh.contracts.QueryFailure.BAD_REQUEST -> new StreamFailure(400, re.getMessage());
                case io.gbmesh.contracts.QueryFailure.UNKNOWN_DEVICE -> new StreamFailure(404, re.getMessage());
                case io.gbmesh.contracts.QueryFailure.NOT_SUPPORTED -> new StreamFailure(501, re.getMessage());
                case io.gbmesh.contracts.QueryFailure.DEVICE_OFFLINE -> new StreamFailure(503, re.getMessage());
                case io.gbmesh.contracts.QueryFailure.DEVICE_TIMEOUT -> new StreamFailure(504, re.getMessage());
                default -> re.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT
                        ? new StreamFailure(504, "the device did not answer the control in time")
                        : re.failureType() == io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS
                        ? new StreamFailure(503, "no SIP gateway is running") : new StreamFailure(502, re.getMessage());
            };
        }
        return new StreamFailure(500, String.valueOf(err.getMessage()));
    }

    /**
     * A device's end of file (MediaStatus 121): the playback it is about ({@link EndOfFileMatch}) goes on
     * to its next file, or ends cleanly at the end of its range (BYE, port freed, SSRC released)
     * ({@link FileContinuation}); the replica whose table change wins does it. A download ends by its own
     * media ({@link Downloads}).
     */
    private void onMediaStatus(io.gbmesh.contracts.MediaStatusNotified status) {
        if (!status.endOfFile()) {
            return;
        }
        endOfFileStream(status).onSuccess(s -> {
            if (s == null || s.kind() != StreamKind.PLAYBACK) {
                return;
            }
            table.update(s.streamId(), now -> EndOfFileMatch.taken(status, now))
                    .onSuccess(mine -> {
                        if (mine != null) {
                            continuation.afterEndOfFile(mine);
                        }
                    });
        });
    }

    /** The playback or download a device's end of file is about, or null ({@link EndOfFileMatch}). */
    public Future<ActiveStream> endOfFileStream(io.gbmesh.contracts.MediaStatusNotified status) {
        return onOwnContext(() -> table.all().map(all -> EndOfFileMatch.streamOf(status, all)));
    }

    /** Stops a stream, whichever replica started it: BYE to the device, port freed on its node, SSRC released. */
    public Future<Void> stop(String streamId, String reason) {
        return onOwnContext(() -> table.take(streamId).compose(s -> s == null
                ? Future.failedFuture(new StreamFailure(404, "no stream " + streamId))
                : closeEverywhere(s, reason)));
    }

    /** Stops every stream of a device, or of one of its channels (reference 5.6): how many were stopped. */
    public Future<Integer> stopAll(String deviceId, String channelIdOrNull, String reason) {
        return onOwnContext(() -> table.all().compose(all -> {
            List<Future<Void>> stops = new ArrayList<>();
            for (ActiveStream s : all) {
                if (s.deviceId().equals(deviceId) && (channelIdOrNull == null || s.channelId().equals(channelIdOrNull))) {
                    stops.add(table.take(s.streamId()).compose(taken -> taken == null ? Future.succeededFuture()
                            : closeEverywhere(taken, reason)));
                }
            }
            return Future.join(stops).map(v -> stops.size());
        }));
    }

    /** The streams of the whole mesh, oldest first. */
    public Future<List<ActiveStream>> streams() {
        return onOwnContext(() -> table.all());
    }

    /** The stream, or null. */
    public Future<ActiveStream> stream(String streamId) {
        return onOwnContext(() -> table.get(streamId));
    }

    private Future<Void> closeEverywhere(ActiveStream s, String reason) {
        return closeMedia(s, reason).compose(v -> ssrcs.release(s.ssrc(), s.ssrcOwner()));
    }

    /** BYE to the device and the port closed on its node, each as it comes. */
    private Future<Void> closeMedia(ActiveStream s, String reason) {
        CloseStream close = new CloseStream(s.streamId(), reason);
        Future<Object> bye = request(Addresses.BYE, close, BYE_TIMEOUT_MILLIS, Object.class).otherwiseEmpty();
        Future<Object> port = request(Addresses.mediaNode(s.mediaNode()), close, BYE_TIMEOUT_MILLIS, Object.class)
                .otherwiseEmpty();
        return Future.join(bye, port).mapEmpty();
    }

    /**
     * The URLs the stream offers: its viewer URLs ({@code flv}, {@code mp4}, {@code hls}), each with a fresh token,
     * the path of its stable FLV URL on the API ({@code stableFlv}, which follows the stream to another
     * node, {@link StableViewerUrls}), and where the node pushes it; what a client is given, every time it asks.
     */
    public JsonObject urls(ActiveStream s) {
        long now = System.currentTimeMillis();
        JsonObject urls = new JsonObject()
                .put("flv", mediaUrls.signUrl(s.viewerUrl("flv"), s.streamId(), now))
                .put("mp4", mediaUrls.signUrl(s.viewerUrl("mp4"), s.streamId(), now))
                .put("stableFlv", mediaUrls.signUrl(StableViewerUrls.path(s.streamId(), "flv"), s.streamId(), now));
        urls.put("hls", mediaUrls.signUrl(s.hlsUrl(), s.streamId(), now));
        if (s.pushUrl() != null) {
            urls.put("push", s.pushUrl());
        }
        return urls;
    }

    /** {@code url} with a fresh token for the stream (a viewer URL, a download's file). */
    public String signedUrl(String url, String streamId) {
        return mediaUrls.signUrl(url, streamId, System.currentTimeMillis());
    }

    /** The stream's FLV viewer URL with a fresh token. */
    public String viewerUrl(ActiveStream s) {
        return mediaUrls.signUrl(s.viewerUrl("flv"), s.streamId(), System.currentTimeMillis());
    }

    /** A bearer token for a media node's own API ({@code /api/streams}), for the one request about to be made. */
    public String nodeApiToken(String nodeId) {
        return mediaUrls.issueUntil(MediaUrlToken.NODE_API, nodeId, System.currentTimeMillis() / 1000 + NODE_API_TOKEN_SECONDS);
    }

    // --- StreamStart.Mesh: on this context ---

    @Override
    public Future<StreamStarted> expectFirstFrame(String streamId) {
        return firstFrames.computeIfAbsent(streamId, id -> Promise.promise()).future();
    }

    @Override
    public Future<StreamStarted> awaitFirstFrame(String streamId) {
        Promise<StreamStarted> promise = firstFrames.computeIfAbsent(streamId, id -> Promise.promise());
        long timeout = settings.firstFrameTimeoutMillis();
        long timer = vertx.setTimer(timeout, id -> promise.tryFail(new StreamFailure(504, StartStep.FIRST_FRAME,
                "the device accepted but no video arrived in " + timeout + " ms")));
        return promise.future().onComplete(ar -> vertx.cancelTimer(timer));
    }

    @Override
    public void forgetFirstFrame(String streamId) {
        firstFrames.remove(streamId);
    }

    @Override
    public <T> Future<T> request(String address, Object body, long timeoutMillis, Class<T> type) {
        return vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(timeoutMillis))
                .map(reply -> type.cast(reply.body()));
    }

    // --- the mesh's events, heard by every replica: the one whose table change wins acts ---

    private void onStarted(StreamStarted started) {
        Promise<StreamStarted> p = firstFrames.get(started.streamId());
        if (p != null) {
            p.tryComplete(started);
        }
        table.update(started.streamId(), s -> started.codec().equals(s.codec()) && s.width() == started.width()
                && s.height() == started.height() ? null : s.withMedia(started.codec(), started.width(), started.height()));
    }

    /** The node closed the stream (no viewer, or it failed): the device must stop sending. */
    private void onStopped(StreamStopped stopped) {
        table.take(stopped.streamId()).onSuccess(s -> {
            if (s != null) {
                request(Addresses.BYE, new CloseStream(s.streamId(), stopped.reason()), BYE_TIMEOUT_MILLIS, Object.class)
                        .onComplete(ar -> ssrcs.release(s.ssrc(), s.ssrcOwner()));
            }
        });
    }

    private void onDialogEnded(DialogEnded ended) {
        table.take(ended.streamId()).onSuccess(s -> {
            if (s != null) {
                request(Addresses.mediaNode(s.mediaNode()), new CloseStream(s.streamId(), ended.reason()),
                        BYE_TIMEOUT_MILLIS, Object.class).onComplete(ar -> ssrcs.release(s.ssrc(), s.ssrcOwner()));
            }
        });
    }

    /** No RTP for a while: INVITE the device again to the same port, a bounded number of times, then give up. */
    private void onStalled(StreamStalled stalled) {
        table.update(stalled.streamId(), s -> s.lastStallAt() >= stalled.at() ? null : s.withStall(stalled.at()))
                .onSuccess(s -> {
                    if (s != null) {
                        reinvite(s);
                    }
                });
    }

    private void reinvite(ActiveStream s) {
        if (s.kind() == StreamKind.DOWNLOAD) {
            // INVITEd again, a download would start over: it ends, keeping the file of what arrived
            LOG.info("download {} stalled: closing it", s.streamId());
            stop(s.streamId(), "stalled");
            return;
        }
        if (s.kind() != StreamKind.PLAY) {
            // a paused playback is silent by design, and a recording INVITEd again would replay from its start:
            // a recorded stream that stops for good ends by the device's BYE, its end of file, or for want of a viewer
            return;
        }
        if (s.reinvites() > settings.reinviteTries()) {
            LOG.info("stream {} stalled {} times: closing it", s.streamId(), s.reinvites() - 1);
            stop(s.streamId(), "stalled");
            return;
        }
        request(Addresses.BYE, new CloseStream(s.streamId(), "re-invite"), BYE_TIMEOUT_MILLIS, Object.class)
                .otherwiseEmpty()
                .compose(v -> request(Addresses.INVITE, new InviteRequest(s.streamId(), s.deviceId(), s.channelId(), s.kind(),
                        s.mediaHost(), s.mediaPort(), s.transport(), s.ssrc(), s.profile(), s.startTime(), s.endTime()),
                        settings.inviteTimeoutMillis(), InviteAnswer.class))
                .compose(answer -> request(Addresses.mediaNode(s.mediaNode()),
                        new StreamAnswered(s.streamId(), answer.deviceHost(), answer.devicePort(), answer.answeredSsrc()),
                        StreamStart.NODE_TIMEOUT_MILLIS, Object.class))
                .onFailure(err -> LOG.info("re-INVITE of stream {} failed: {}", s.streamId(), err.getMessage()));
    }

    // --- MQTT commands ---

    private void onStartCommand(Message<Object> m) {
        if (!(m.body() instanceof JsonObject cmd) || cmd.getString("deviceId") == null || cmd.getString("channelId") == null) {
            m.fail(400, "expected {deviceId, channelId, transport, profile}");
            return;
        }
        MediaTransport transport = switch (String.valueOf(cmd.getString("transport", "udp")).toLowerCase(Locale.ROOT)) {
            case "tcp-passive", "tcp_passive" -> MediaTransport.TCP_PASSIVE;
            case "tcp-active", "tcp_active" -> MediaTransport.TCP_ACTIVE;
            default -> MediaTransport.UDP;
        };
        int profile = "sub".equals(cmd.getString("profile")) ? 1 : 0;
        live(cmd.getString("deviceId"), cmd.getString("channelId"), transport, profile)
                .onSuccess(s -> m.reply(JsonObject.mapFrom(s).put("flvUrl", viewerUrl(s)).put("urls", urls(s))))
                .onFailure(err -> m.fail(err instanceof StreamFailure f ? f.status() : 500, err.getMessage()));
    }

    private void onStopCommand(Message<Object> m) {
        String streamId = m.body() instanceof JsonObject cmd ? cmd.getString("streamId") : null;
        if (streamId == null) {
            m.fail(400, "expected {streamId}");
            return;
        }
        stop(streamId, "closed-by-user").onSuccess(v -> m.reply(new JsonObject().put("streamId", streamId)))
                .onFailure(err -> m.fail(err instanceof StreamFailure f ? f.status() : 500, err.getMessage()));
    }
}
