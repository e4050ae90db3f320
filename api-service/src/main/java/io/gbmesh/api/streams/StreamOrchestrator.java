package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.DialogEnded;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.contracts.StreamStalled;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.runtime.MediaUrlToken;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.shareddata.AsyncMap;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live video orchestration (DESIGN: live video flow): reuse a running stream of the channel and
 * profile, or pick the least-loaded media node, have it bind a port for a cluster-unique SSRC, ask
 * the device's gateway to INVITE, tell the node what the device answered, and answer once the
 * first frame arrived. Closing, a node giving up on a stream (no viewer), a device's BYE and
 * stalls (re-INVITE, bounded) are handled here too. Runs on the API verticle's event loop.
 */
public final class StreamOrchestrator {
    private static final Logger LOG = LoggerFactory.getLogger(StreamOrchestrator.class);
    static final String STREAMS_MAP = "gb.streams";
    /** Commands from the MQTT endpoint: JSON {deviceId, channelId, transport, profile} → the stream. */
    public static final String LIVE_START = "gb.api.live.start";
    /** Commands from the MQTT endpoint: JSON {streamId}. */
    public static final String LIVE_STOP = "gb.api.live.stop";

    private final Vertx vertx;
    private final MediaNodes nodes;
    private final SsrcAllocator ssrcs;
    private final AsyncMap<String, String> shared;
    private final long firstFrameTimeoutMillis;
    private final long inviteTimeoutMillis;
    private final int reinviteTries;
    private final MediaUrlToken mediaUrls;
    /** A node-api token is made per request: it needs to live only as long as one. */
    private static final long NODE_API_TOKEN_SECONDS = 60;
    private final Map<String, ActiveStream> active = new HashMap<>();
    private final Map<String, String> byChannel = new HashMap<>();
    private final Map<String, Future<ActiveStream>> starting = new HashMap<>();
    private final Map<String, Promise<StreamStarted>> firstFrames = new HashMap<>();
    private final Map<String, Integer> reinvites = new HashMap<>();

    private StreamOrchestrator(Vertx vertx, SsrcAllocator ssrcs, AsyncMap<String, String> shared, StreamSettings settings) {
        this.vertx = vertx;
        this.nodes = new MediaNodes(settings.nodeStaleMillis());
        this.ssrcs = ssrcs;
        this.shared = shared;
        this.firstFrameTimeoutMillis = settings.firstFrameTimeoutMillis();
        this.inviteTimeoutMillis = settings.inviteTimeoutMillis();
        this.reinviteTries = settings.reinviteTries();
        this.mediaUrls = settings.mediaUrls();
    }

    /**
     * Settings: {@code GB_SIP_DOMAIN}, {@code GB_FIRST_FRAME_TIMEOUT_MS}, {@code GB_INVITE_TIMEOUT_MS},
     * {@code GB_REINVITE_TRIES}; {@code mediaUrls} signs the viewer URLs handed out and the requests to
     * the media nodes' own API ({@code GB_MEDIA_URL_SECRET}, required, and {@code GB_MEDIA_URL_TTL_S}).
     */
    public record StreamSettings(String domain, long firstFrameTimeoutMillis, long inviteTimeoutMillis, int reinviteTries,
                                 long nodeStaleMillis, MediaUrlToken mediaUrls) {
        public StreamSettings {
            java.util.Objects.requireNonNull(mediaUrls, "the media URL signer");
        }

        public static StreamSettings fromEnv(io.gbmesh.runtime.Env env) {
            return new StreamSettings(env.get("GB_SIP_DOMAIN", "3402000000"), env.getInt("GB_FIRST_FRAME_TIMEOUT_MS", 10_000),
                    env.getInt("GB_INVITE_TIMEOUT_MS", 40_000), env.getInt("GB_REINVITE_TRIES", 2),
                    3L * env.getInt("GB_MEDIA_LOAD_INTERVAL_MS", 2000) + 1000, MediaUrlToken.fromEnv(env));
        }
    }

    /** Opens the orchestrator and registers its consumers; ready once they are registered cluster-wide. */
    public static Future<StreamOrchestrator> start(Vertx vertx, StreamSettings settings) {
        Future<SsrcAllocator> ssrcs = SsrcAllocator.open(vertx, settings.domain());
        Future<AsyncMap<String, String>> map = vertx.sharedData().getAsyncMap(STREAMS_MAP);
        return Future.all(ssrcs, map).compose(v -> {
            StreamOrchestrator o = new StreamOrchestrator(vertx, ssrcs.result(), map.result(), settings);
            var bus = vertx.eventBus();
            return Future.all(java.util.List.of(
                    bus.<Object>consumer(Addresses.MEDIA_LOAD, m -> o.nodes.report((MediaNodeLoad) m.body())).completion(),
                    bus.<Object>consumer(Addresses.STREAM_STARTED, m -> o.onStarted((StreamStarted) m.body())).completion(),
                    bus.<Object>consumer(Addresses.STREAM_STOPPED, m -> o.onStopped((StreamStopped) m.body())).completion(),
                    bus.<Object>consumer(Addresses.STREAM_STALLED, m -> o.onStalled((StreamStalled) m.body())).completion(),
                    bus.<Object>consumer(Addresses.DIALOG_ENDED, m -> o.onDialogEnded((DialogEnded) m.body())).completion(),
                    bus.<Object>consumer(LIVE_START, o::onStartCommand).completion(),
                    bus.<Object>consumer(LIVE_STOP, o::onStopCommand).completion()))
                    .map(o);
        });
    }

    private static String channelKey(String deviceId, String channelId, int profile) {
        return deviceId + '|' + channelId + '|' + profile;
    }

    /** Starts (or reuses) the live stream of a channel; completes at its first frame. */
    public Future<ActiveStream> live(String deviceId, String channelId, MediaTransport transport, int profile) {
        String key = channelKey(deviceId, channelId, profile);
        String running = byChannel.get(key);
        if (running != null && active.containsKey(running)) {
            return Future.succeededFuture(active.get(running));
        }
        Future<ActiveStream> pending = starting.get(key);
        if (pending != null) {
            return pending; // two viewers asking at once share one INVITE
        }
        Future<ActiveStream> f = open(deviceId, channelId, transport, profile)
                .onComplete(ar -> starting.remove(key))
                .onSuccess(s -> byChannel.put(key, s.streamId()));
        starting.put(key, f);
        return f;
    }

    private Future<ActiveStream> open(String deviceId, String channelId, MediaTransport transport, int profile) {
        MediaNodeLoad node = nodes.leastLoaded(System.currentTimeMillis()).orElse(null);
        if (node == null) {
            return Future.failedFuture(new StreamFailure(nodes.any() ? 409 : 503,
                    nodes.any() ? "no media node has a free port" : "no media node is running"));
        }
        String provisional = deviceId + "_" + channelId;
        return ssrcs.claim(false, provisional).recover(err -> Future.failedFuture(new StreamFailure(409, err.getMessage())))
                .compose(ssrc -> {
                    String streamId = deviceId + "_" + channelId + "_" + ssrc;
                    Promise<StreamStarted> firstFrame = Promise.promise();
                    firstFrames.put(streamId, firstFrame);
                    OpenStream open = new OpenStream(streamId, deviceId, channelId, transport, ssrc, StreamKind.PLAY, false);
                    return request(Addresses.mediaNode(node.nodeId()), open, 10_000, StreamEndpoint.class)
                            .compose(endpoint -> invite(streamId, deviceId, channelId, endpoint, transport, ssrc, profile)
                                    .compose(answer -> request(Addresses.mediaNode(node.nodeId()),
                                            new StreamAnswered(streamId, answer.deviceHost(), answer.devicePort(), answer.answeredSsrc()),
                                            10_000, Object.class).map(v -> answer))
                                    .compose(answer -> firstFrame(streamId, firstFrame).map(started -> new ActiveStream(streamId,
                                            deviceId, channelId, profile, transport, node.nodeId(), endpoint.host(), endpoint.port(),
                                            ssrc, answer.answeredSsrc(), node.httpBaseUrl() + "/live/" + streamId + ".flv", endpoint.pushUrl(),
                                            started.codec(), started.width(), started.height(), System.currentTimeMillis())))
                                    .onFailure(err -> closeEverywhere(streamId, node.nodeId(), ssrc, provisional, "start-failed")))
                            .onSuccess(stream -> {
                                active.put(streamId, stream);
                                shared.put(streamId, io.vertx.core.json.JsonObject.mapFrom(stream).encode());
                            })
                            .onFailure(err -> {
                                firstFrames.remove(streamId);
                                ssrcs.release(ssrc, provisional);
                            });
                });
    }

    private Future<InviteAnswer> invite(String streamId, String deviceId, String channelId, StreamEndpoint endpoint,
                                        MediaTransport transport, String ssrc, int profile) {
        InviteRequest invite = new InviteRequest(streamId, deviceId, channelId, StreamKind.PLAY, endpoint.host(), endpoint.port(),
                transport, ssrc, profile, 0, 0);
        return request(Addresses.INVITE, invite, inviteTimeoutMillis, InviteAnswer.class);
    }

    private Future<StreamStarted> firstFrame(String streamId, Promise<StreamStarted> promise) {
        long timer = vertx.setTimer(firstFrameTimeoutMillis, id -> promise.tryFail(
                new StreamFailure(504, "the device accepted but no video arrived in " + firstFrameTimeoutMillis + " ms")));
        return promise.future().onComplete(ar -> {
            vertx.cancelTimer(timer);
            firstFrames.remove(streamId);
        });
    }

    /** Stops a stream: BYE to the device, port freed on its node, SSRC released. */
    public Future<Void> stop(String streamId, String reason) {
        ActiveStream s = active.get(streamId);
        if (s == null) {
            return Future.failedFuture(new StreamFailure(404, "no stream " + streamId));
        }
        forget(s);
        return closeEverywhere(streamId, s.mediaNode(), s.ssrc(), s.deviceId() + "_" + s.channelId(), reason);
    }

    /** Stops every stream of a device, or of one of its channels (reference 5.6): how many were stopped. */
    public Future<Integer> stopAll(String deviceId, String channelIdOrNull, String reason) {
        java.util.List<Future<Void>> stops = new java.util.ArrayList<>();
        for (ActiveStream s : java.util.List.copyOf(active.values())) {
            if (s.deviceId().equals(deviceId) && (channelIdOrNull == null || s.channelId().equals(channelIdOrNull))) {
                stops.add(stop(s.streamId(), reason));
            }
        }
        return Future.join(stops).map(v -> stops.size());
    }

    private Future<Void> closeEverywhere(String streamId, String node, String ssrc, String owner, String reason) {
        CloseStream close = new CloseStream(streamId, reason);
        Future<Object> bye = request(Addresses.BYE, close, 10_000, Object.class).recover(err -> Future.succeededFuture());
        Future<Object> port = request(Addresses.mediaNode(node), close, 10_000, Object.class).recover(err -> Future.succeededFuture());
        return Future.join(bye, port).compose(v -> ssrcs.release(ssrc, owner)).mapEmpty();
    }

    private void forget(ActiveStream s) {
        active.remove(s.streamId());
        byChannel.remove(channelKey(s.deviceId(), s.channelId(), s.profile()), s.streamId());
        reinvites.remove(s.streamId());
        shared.remove(s.streamId());
    }

    /** The stream's viewer URL with a fresh token: what a client is given, every time it asks. */
    public String viewerUrl(ActiveStream s) {
        return mediaUrls.signUrl(s.flvUrl(), s.streamId(), System.currentTimeMillis());
    }

    /** A bearer token for a media node's own API ({@code /api/streams}), for the one request about to be made. */
    public String nodeApiToken(String nodeId) {
        return mediaUrls.issueUntil(MediaUrlToken.NODE_API, nodeId, System.currentTimeMillis() / 1000 + NODE_API_TOKEN_SECONDS);
    }

    public Collection<ActiveStream> streams() {
        return active.values();
    }

    public ActiveStream stream(String streamId) {
        return active.get(streamId);
    }

    private void onStarted(StreamStarted started) {
        Promise<StreamStarted> p = firstFrames.get(started.streamId());
        if (p != null) {
            p.tryComplete(started);
        }
        ActiveStream s = active.get(started.streamId());
        if (s != null) {
            active.put(s.streamId(), s.withMedia(started.codec(), started.width(), started.height()));
        }
    }

    /** The node closed the stream (no viewer, or it failed): the device must stop sending. */
    private void onStopped(StreamStopped stopped) {
        ActiveStream s = active.get(stopped.streamId());
        if (s == null) {
            return;
        }
        forget(s);
        request(Addresses.BYE, new CloseStream(s.streamId(), stopped.reason()), 10_000, Object.class)
                .onComplete(ar -> ssrcs.release(s.ssrc(), s.deviceId() + "_" + s.channelId()));
    }

    private void onDialogEnded(DialogEnded ended) {
        ActiveStream s = active.get(ended.streamId());
        if (s == null) {
            return;
        }
        forget(s);
        request(Addresses.mediaNode(s.mediaNode()), new CloseStream(s.streamId(), ended.reason()), 10_000, Object.class)
                .onComplete(ar -> ssrcs.release(s.ssrc(), s.deviceId() + "_" + s.channelId()));
    }

    /** No RTP for a while: INVITE the device again to the same port, a bounded number of times, then give up. */
    private void onStalled(StreamStalled stalled) {
        ActiveStream s = active.get(stalled.streamId());
        if (s == null) {
            return;
        }
        int tries = reinvites.merge(s.streamId(), 1, Integer::sum);
        if (tries > reinviteTries) {
            LOG.info("stream {} stalled {} times: closing it", s.streamId(), tries - 1);
            stop(s.streamId(), "stalled");
            return;
        }
        request(Addresses.BYE, new CloseStream(s.streamId(), "re-invite"), 10_000, Object.class)
                .recover(err -> Future.succeededFuture())
                .compose(v -> invite(s.streamId(), s.deviceId(), s.channelId(),
                        new StreamEndpoint(s.streamId(), s.mediaNode(), s.mediaHost(), s.mediaPort(), s.transport(), s.pushUrl()),
                        s.transport(), s.ssrc(), s.profile()))
                .compose(answer -> request(Addresses.mediaNode(s.mediaNode()),
                        new StreamAnswered(s.streamId(), answer.deviceHost(), answer.devicePort(), answer.answeredSsrc()),
                        10_000, Object.class))
                .onFailure(err -> LOG.info("re-INVITE of stream {} failed: {}", s.streamId(), err.getMessage()));
    }

    private void onStartCommand(io.vertx.core.eventbus.Message<Object> m) {
        if (!(m.body() instanceof io.vertx.core.json.JsonObject cmd) || cmd.getString("deviceId") == null
                || cmd.getString("channelId") == null) {
            m.fail(400, "expected {deviceId, channelId, transport, profile}");
            return;
        }
        MediaTransport transport = switch (String.valueOf(cmd.getString("transport", "udp")).toLowerCase(java.util.Locale.ROOT)) {
            case "tcp-passive", "tcp_passive" -> MediaTransport.TCP_PASSIVE;
            case "tcp-active", "tcp_active" -> MediaTransport.TCP_ACTIVE;
            default -> MediaTransport.UDP;
        };
        int profile = "sub".equals(cmd.getString("profile")) ? 1 : 0;
        live(cmd.getString("deviceId"), cmd.getString("channelId"), transport, profile)
                .onSuccess(s -> m.reply(io.vertx.core.json.JsonObject.mapFrom(s).put("flvUrl", viewerUrl(s))))
                .onFailure(err -> m.fail(err instanceof StreamFailure f ? f.status() : 500, err.getMessage()));
    }

    private void onStopCommand(io.vertx.core.eventbus.Message<Object> m) {
        String streamId = m.body() instanceof io.vertx.core.json.JsonObject cmd ? cmd.getString("streamId") : null;
        if (streamId == null) {
            m.fail(400, "expected {streamId}");
            return;
        }
        stop(streamId, "closed-by-user").onSuccess(v -> m.reply(new io.vertx.core.json.JsonObject().put("streamId", streamId)))
                .onFailure(err -> m.fail(err instanceof StreamFailure f ? f.status() : 500, err.getMessage()));
    }

    int reinvitesOf(String streamId) {
        return reinvites.getOrDefault(streamId, 0);
    }

    private <T> Future<T> request(String address, Object body, long timeoutMillis, Class<T> type) {
        return vertx.eventBus().request(address, body, new DeliveryOptions().setSendTimeout(timeoutMillis))
                .map(reply -> type.cast(reply.body()))
                .recover(err -> Future.failedFuture(translate(err)));
    }

    /** Failures of the mesh as HTTP statuses: 503 offline/no handler, 504 timeout, 502 refused, 409 no port. */
    private static Throwable translate(Throwable err) {
        if (err instanceof StreamFailure) {
            return err;
        }
        if (err instanceof ReplyException re) {
            if (re.failureType() == ReplyFailure.NO_HANDLERS) {
                return new StreamFailure(503, "no component answers on the mesh: " + re.getMessage());
            }
            if (re.failureType() == ReplyFailure.TIMEOUT) {
                return new StreamFailure(504, "no answer in time");
            }
            int code = re.failureCode();
            if (code == 503 && re.getMessage() != null && re.getMessage().toLowerCase(java.util.Locale.ROOT).contains("port")) {
                return new StreamFailure(409, re.getMessage());
            }
            return new StreamFailure(code >= 400 && code < 600 ? code : 502, re.getMessage());
        }
        return new StreamFailure(500, String.valueOf(err.getMessage()));
    }
}
