package io.gbmesh.api.talk;

import static io.gbmesh.api.streams.StreamOrchestrator.LIVE_START;
import static io.gbmesh.api.streams.StreamOrchestrator.LIVE_STOP;

import io.gbmesh.api.http.ApiProblem;
import io.gbmesh.api.http.ApiRoutes;
import io.gbmesh.api.http.ApiServices;
import io.gbmesh.api.http.RequestChecks;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.BroadcastAnswer;
import io.gbmesh.contracts.BroadcastRequest;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.TalkClose;
import io.gbmesh.contracts.TalkEnded;
import io.gbmesh.contracts.TalkOpen;
import io.gbmesh.contracts.TalkPrepared;
import io.gbmesh.runtime.MediaUrlToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Talk and broadcast (GB/T 28181-2016 §9.12; reference 4.7): {@code POST
 * /devices/{d}/channels/{c}/broadcast} picks the least loaded media node, has it prepare the audio
 * source ({@code {"source":"file","file":"..."}} or {@code {"source":"websocket"}}), asks the gateways
 * to send the Broadcast notification and take the device's INVITE, and answers {@code 201} with the
 * talk once the device's INVITE is answered; {@code GET /talks} lists the talks, {@code DELETE
 * /talks/{id}} ends one with BYE. One talk per channel ({@code 409}). A talk that ends on its own (the
 * device's BYE, the end of the file, a lost connection) is forgotten, with BYE when the device did
 * not send it. For a WebSocket source the answer's {@code audioUrl} is the media node's
 * {@code ws://.../api/v1/talks/{id}/audio?token=...} that takes 8 kHz 16-bit mono PCM, or Opus in
 * WebM or Ogg (what a browser's {@code MediaRecorder} gives). With {@code "mode":"talk"} (a talk both
 * ways; {@code "broadcast"} is the default) the channel's live stream is started or reused, the talk
 * runs on the stream's media node, and the device's audio comes back on the same WebSocket; a live
 * stream started for the talk is stopped with it. The talks are the cluster's ({@link TalkTable}):
 * any replica lists and ends any talk.
 */
public final class TalkRoutes implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TalkRoutes.class);
    static final long MEDIA_TIMEOUT_MILLIS = 5_000;
    /** The gateway waits 15 s for the device's INVITE; a little more for the way there and back. */
    static final long BROADCAST_TIMEOUT_MILLIS = 25_000;
    static final int MAX_FILE = 1024;
    /** How long the live stream of a talk both ways may take to its first frame. */
    static final long LIVE_TIMEOUT_MILLIS = 20_000;

    private final MediaUrlToken mediaUrls;
    private Future<TalkTable> table;
    private final Map<String, MediaNodeLoad> nodes = new ConcurrentHashMap<>();
    private final long staleMillis;
    private Vertx vertx;

    public TalkRoutes(MediaUrlToken mediaUrls, long nodeStaleMillis) {
        this.mediaUrls = mediaUrls;
        this.staleMillis = nodeStaleMillis;
    }

    @Override
    public void mount(Router v1, ApiServices services) {
        vertx = services.vertx();
        table = TalkTable.open(vertx);
        vertx.eventBus().<Object>consumer(Addresses.MEDIA_LOAD, m -> {
            if (m.body() instanceof MediaNodeLoad load) {
                nodes.put(load.nodeId(), load);
            }
        });
        vertx.eventBus().<Object>consumer(Addresses.TALK_ENDED, m -> {
            if (m.body() instanceof TalkEnded ended) {
                ended(ended);
            }
        });
        v1.post("/devices/:deviceId/channels/:channelId/broadcast").handler(ctx -> start(ctx, services));
        v1.get("/talks").handler(ctx -> table.compose(TalkTable::list)
                .onSuccess(all -> ctx.json(new JsonObject().put("items", new JsonArray(all.stream().map(Talk::toJson).toList()))))
                .onFailure(ctx::fail));
        v1.get("/talks/:talkId").handler(ctx -> table.compose(t -> t.get(ctx.pathParam("talkId"))).onSuccess(talk -> {
            if (talk == null) {
                ctx.fail(ApiProblem.notFound("no talk " + ctx.pathParam("talkId")));
            } else {
                ctx.json(talk.toJson());
            }
        }).onFailure(ctx::fail));
        v1.delete("/talks/:talkId").handler(this::stop);
    }

    private void start(RoutingContext ctx, ApiServices services) {
        String deviceId = RequestChecks.deviceId(ctx, "deviceId");
        String channelId = RequestChecks.deviceId(ctx, "channelId");
        JsonObject body = RequestChecks.jsonObject(ctx, Set.of("source", "file", "mode"));
        String source = RequestChecks.textField(body, "source", 16);
        String file = body.containsKey("file") ? RequestChecks.textField(body, "file", MAX_FILE) : null;
        String mode = body.containsKey("mode") ? RequestChecks.textField(body, "mode", 16) : Talk.BROADCAST;
        if (!Talk.BROADCAST.equals(mode) && !Talk.TWO_WAY.equals(mode)) {
            throw ApiProblem.invalid("mode", "mode must be \"broadcast\" or \"talk\"");
        }
        if (Talk.TWO_WAY.equals(mode) && !"websocket".equals(source)) {
            throw ApiProblem.invalid("mode", "a talk both ways (mode \"talk\") takes its audio from the WebSocket");
        }
        if (!"file".equals(source) && !"websocket".equals(source)) {
            throw ApiProblem.invalid("source", "source must be \"file\" or \"websocket\"");
        }
        if ("file".equals(source) == (file == null)) {
            throw ApiProblem.invalid("file", "file (a path on the media node or a URL) goes with source \"file\", and only with it");
        }
        services.registry().get(deviceId).compose(live -> live.isPresent() ? Future.succeededFuture()
                        : services.devices().get(deviceId).compose(row -> Future.failedFuture(row.isPresent()
                        ? new ApiProblem(503, "device " + deviceId + " is offline")
                        : ApiProblem.notFound("no device " + deviceId))))
                .compose(v -> open(deviceId, channelId, source, file, mode))
                .onSuccess(talk -> ctx.response().setStatusCode(201).putHeader("Location", "/api/v1/talks/" + talk.talkId())
                        .putHeader("Content-Type", "application/json").end(talk.toJson().encode()))
                .onFailure(ctx::fail);
    }

    private Future<Talk> open(String deviceId, String channelId, String source, String file, String mode) {
        // a channel that has a talk is refused whatever the media nodes: the conflict is the answer
        return table.compose(t -> t.busy(deviceId, channelId)).compose(busy -> busy
                ? Future.failedFuture(new ApiProblem(409, "channel " + channelId + " of " + deviceId + " has a talk already"))
                : openOnNode(deviceId, channelId, source, file, mode));
    }

    private Future<Talk> openOnNode(String deviceId, String channelId, String source, String file, String mode) {
        long now = System.currentTimeMillis();
        MediaNodeLoad node = leastLoaded(now);
        if (node == null) {
            return Future.failedFuture(new ApiProblem(503, "no media node is available"));
        }
        String talkId = UUID.randomUUID().toString();
        Talk claimed = new Talk(talkId, deviceId, channelId, source, file, node.nodeId(), null, null, null, null, "inviting",
                now, mode, null, false);
        return table.compose(t -> t.claim(claimed)).compose(won -> {
            if (!won) {
                return Future.failedFuture(new ApiProblem(409, "channel " + channelId + " of " + deviceId + " has a talk already"));
            }
            Future<Talk> placed = Talk.TWO_WAY.equals(mode) ? withLiveStream(claimed) : Future.succeededFuture(claimed);
            return placed.compose(talk -> prepare(talk).recover(err -> {
                if (talk.streamStarted()) {
                    stopStream(talk.streamId());
                }
                return Future.failedFuture(err);
            })).onFailure(err -> table.compose(t -> t.remove(talkId)));
        });
    }

    /**
     * Starts or reuses the channel's live stream (main profile); the talk runs on the stream's media
     * node. A stream that was the channel's before is reused and left running; one started here
     * ends with the talk.
     */
    private Future<Talk> withLiveStream(Talk talk) {
        String channelKey = talk.deviceId() + "|" + talk.channelId() + "|0";
        Future<String> running = vertx.sharedData().<String, String>getAsyncMap(Addresses.LIVE_CHANNELS_MAP)
                .compose(map -> map.get(channelKey)).otherwiseEmpty();
        return running.compose(before -> vertx.eventBus().<Object>request(LIVE_START, new JsonObject()
                        .put("deviceId", talk.deviceId()).put("channelId", talk.channelId()),
                        new DeliveryOptions().setSendTimeout(LIVE_TIMEOUT_MILLIS))
                .recover(err -> Future.failedFuture(err instanceof ReplyException re && re.failureCode() >= 400
                        && re.failureCode() < 600 ? new ApiProblem(re.failureCode(), "the live stream: " + re.getMessage())
                        : new ApiProblem(504, "the live stream did not start: " + err.getMessage())))
                .map(reply -> {
                    JsonObject stream = (JsonObject) reply.body();
                    String streamId = stream.getString("streamId");
                    return talk.withStream(streamId, !streamId.equals(before)).onNode(stream.getString("mediaNode"), null);
                }));
    }

    /** Has the talk's media node prepare the source, then the device's INVITE taken through the gateways. */
    private Future<Talk> prepare(Talk talk) {
        String talkId = talk.talkId();
        String node = talk.mediaNode();
        return request(Addresses.mediaNodeTalk(node), new TalkOpen(talkId, talk.deviceId(), talk.channelId(), talk.source(),
                        talk.file(), talk.streamId()), MEDIA_TIMEOUT_MILLIS, "media node " + node)
                .compose(reply -> {
                    TalkPrepared prepared = (TalkPrepared) reply;
                    Talk withUrl = "websocket".equals(talk.source()) ? talk.onNode(node, audioUrl(prepared, talkId)) : talk;
                    return table.compose(t -> t.update(withUrl))
                            .compose(v -> request(Addresses.BROADCAST, new BroadcastRequest(talkId, talk.deviceId(), talk.channelId(),
                                    node), BROADCAST_TIMEOUT_MILLIS, "the device"))
                            .compose(answer -> {
                                BroadcastAnswer a = (BroadcastAnswer) answer;
                                Talk established = withUrl.established(a.gatewayNode(), a.transport().name(), a.codec());
                                LOG.info("talk {} to {}/{}: {} over {} from media node {}{}", talkId, talk.deviceId(), talk.channelId(),
                                        a.codec(), a.transport(), node, talk.streamId() == null ? "" : ", both ways with stream "
                                                + talk.streamId());
                                return table.compose(t -> t.update(established)).map(established);
                            }).recover(err -> {
                                vertx.eventBus().send(Addresses.mediaNodeTalk(node), new TalkClose(talkId, "broadcast-failed"));
                                return Future.failedFuture(err);
                            });
                });
    }

    private void stopStream(String streamId) {
        vertx.eventBus().request(LIVE_STOP, new JsonObject().put("streamId", streamId),
                        new DeliveryOptions().setSendTimeout(MEDIA_TIMEOUT_MILLIS))
                .onFailure(err -> LOG.debug("stopping the talk's stream {}: {}", streamId, err.getMessage()));
    }

    private String audioUrl(TalkPrepared prepared, String talkId) {
        return "ws://" + prepared.host() + ":" + prepared.httpPort() + "/api/v1/talks/" + talkId + "/audio?token="
                + mediaUrls.issue(MediaUrlToken.TALK, talkId, System.currentTimeMillis());
    }

    private MediaNodeLoad leastLoaded(long now) {
        nodes.values().removeIf(n -> n.at() + staleMillis < now);
        return nodes.values().stream().filter(n -> n.freePorts() > 0)
                .min(Comparator.comparingInt(MediaNodeLoad::streams).thenComparing(n -> -n.freePorts())).orElse(null);
    }

    private void stop(RoutingContext ctx) {
        table.compose(t -> t.remove(ctx.pathParam("talkId"))).onSuccess(talk -> {
            if (talk == null) {
                ctx.fail(ApiProblem.notFound("no talk " + ctx.pathParam("talkId")));
                return;
            }
            close(talk, "closed", true).onComplete(ar -> ctx.response().setStatusCode(204).end());
        }).onFailure(ctx::fail);
    }

    /** Every replica hears it; the one that removes the talk from the cluster's table closes it. */
    private void ended(TalkEnded ended) {
        table.compose(t -> t.remove(ended.talkId())).onSuccess(talk -> {
            if (talk == null) {
                return;
            }
            LOG.info("talk {} ended: {}", talk.talkId(), ended.reason());
            // the device's BYE closed the dialog already; anything else still needs ours
            close(talk, ended.reason(), !"device-bye".equals(ended.reason()));
        });
    }

    /** BYE through the gateway holding the dialog (when asked and known) and stop on the media node. */
    private Future<Void> close(Talk talk, String reason, boolean bye) {
        Future<Object> dialog = bye && talk.gatewayNode() != null
                ? request(Addresses.gatewayNodeTalk(talk.gatewayNode()), new TalkClose(talk.talkId(), reason),
                        MEDIA_TIMEOUT_MILLIS, "gateway " + talk.gatewayNode())
                : Future.succeededFuture();
        Future<Object> media = request(Addresses.mediaNodeTalk(talk.mediaNode()), new TalkClose(talk.talkId(), reason),
                MEDIA_TIMEOUT_MILLIS, "media node " + talk.mediaNode());
        if (talk.streamStarted() && talk.streamId() != null) {
            stopStream(talk.streamId());
        }
        return Future.join(dialog, media).otherwiseEmpty().mapEmpty();
    }

    private Future<Object> request(String address, Object body, long timeout, String who) {
        return vertx.eventBus().<Object>request(address, body, new DeliveryOptions().setSendTimeout(timeout))
                .map(m -> m.body())
                .recover(err -> Future.failedFuture(problem(err, who)));
    }

    private static ApiProblem problem(Throwable err, String who) {
        if (err instanceof ReplyException re && re.failureCode() > 0) {
            int status = switch (re.failureCode()) {
                case QueryFailure.BAD_REQUEST -> 400;
                case QueryFailure.UNKNOWN_DEVICE -> 404;
                case QueryFailure.DEVICE_OFFLINE -> 503;
                case QueryFailure.DEVICE_TIMEOUT -> 504;
                case 507 -> 503;
                default -> 502;
            };
            return new ApiProblem(status, who + ": " + re.getMessage());
        }
        return new ApiProblem(504, who + " did not answer: " + err.getMessage());
    }
}
