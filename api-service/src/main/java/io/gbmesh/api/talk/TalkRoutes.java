package io.gbmesh.api.talk;

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
 * {@code ws://.../api/v1/talks/{id}/audio?token=...} that takes 8 kHz 16-bit mono PCM.
 */
public final class TalkRoutes implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(TalkRoutes.class);
    static final long MEDIA_TIMEOUT_MILLIS = 5_000;
    /** The gateway waits 15 s for the device's INVITE; a little more for the way there and back. */
    static final long BROADCAST_TIMEOUT_MILLIS = 25_000;
    static final int MAX_FILE = 1024;

    private final MediaUrlToken mediaUrls;
    private final TalkTable table = new TalkTable();
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
        v1.get("/talks").handler(ctx -> ctx.json(new JsonObject().put("items",
                new JsonArray(table.list().stream().map(Talk::toJson).toList()))));
        v1.get("/talks/:talkId").handler(ctx -> {
            Talk talk = table.get(ctx.pathParam("talkId"));
            if (talk == null) {
                ctx.fail(ApiProblem.notFound("no talk " + ctx.pathParam("talkId")));
            } else {
                ctx.json(talk.toJson());
            }
        });
        v1.delete("/talks/:talkId").handler(this::stop);
    }

    private void start(RoutingContext ctx, ApiServices services) {
        String deviceId = RequestChecks.deviceId(ctx, "deviceId");
        String channelId = RequestChecks.deviceId(ctx, "channelId");
        JsonObject body = RequestChecks.jsonObject(ctx, Set.of("source", "file"));
        String source = RequestChecks.textField(body, "source", 16);
        String file = body.containsKey("file") ? RequestChecks.textField(body, "file", MAX_FILE) : null;
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
                .compose(v -> open(deviceId, channelId, source, file))
                .onSuccess(talk -> ctx.response().setStatusCode(201).putHeader("Location", "/api/v1/talks/" + talk.talkId())
                        .putHeader("Content-Type", "application/json").end(talk.toJson().encode()))
                .onFailure(ctx::fail);
    }

    private Future<Talk> open(String deviceId, String channelId, String source, String file) {
        long now = System.currentTimeMillis();
        MediaNodeLoad node = leastLoaded(now);
        if (node == null) {
            return Future.failedFuture(new ApiProblem(503, "no media node is available"));
        }
        String talkId = UUID.randomUUID().toString();
        Talk talk = new Talk(talkId, deviceId, channelId, source, file, node.nodeId(), null, null, null, null, "inviting", now);
        if (!table.claim(talk)) {
            return Future.failedFuture(new ApiProblem(409, "channel " + channelId + " of " + deviceId + " has a talk already"));
        }
        return request(Addresses.mediaNodeTalk(node.nodeId()), new TalkOpen(talkId, deviceId, channelId, source, file),
                MEDIA_TIMEOUT_MILLIS, "media node " + node.nodeId())
                .compose(reply -> {
                    TalkPrepared prepared = (TalkPrepared) reply;
                    Talk withUrl = "websocket".equals(source) ? new Talk(talkId, deviceId, channelId, source, file, node.nodeId(),
                            null, null, null, audioUrl(prepared, talkId), "inviting", now) : talk;
                    table.update(withUrl);
                    return request(Addresses.BROADCAST, new BroadcastRequest(talkId, deviceId, channelId, node.nodeId()),
                            BROADCAST_TIMEOUT_MILLIS, "the device").map(answer -> {
                        BroadcastAnswer a = (BroadcastAnswer) answer;
                        Talk established = withUrl.established(a.gatewayNode(), a.transport().name(), a.codec());
                        table.update(established);
                        LOG.info("talk {} to {}/{}: {} over {} from media node {}", talkId, deviceId, channelId, a.codec(),
                                a.transport(), node.nodeId());
                        return established;
                    }).recover(err -> {
                        vertx.eventBus().send(Addresses.mediaNodeTalk(node.nodeId()), new TalkClose(talkId, "broadcast-failed"));
                        return Future.failedFuture(err);
                    });
                })
                .onFailure(err -> table.remove(talkId));
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
        Talk talk = table.remove(ctx.pathParam("talkId"));
        if (talk == null) {
            ctx.fail(ApiProblem.notFound("no talk " + ctx.pathParam("talkId")));
            return;
        }
        close(talk, "closed", true).onComplete(ar -> ctx.response().setStatusCode(204).end());
    }

    private void ended(TalkEnded ended) {
        Talk talk = table.remove(ended.talkId());
        if (talk == null) {
            return;
        }
        LOG.info("talk {} ended: {}", talk.talkId(), ended.reason());
        // the device's BYE closed the dialog already; anything else still needs ours
        close(talk, ended.reason(), !"device-bye".equals(ended.reason()));
    }

    /** BYE through the gateway holding the dialog (when asked and known) and stop on the media node. */
    private Future<Void> close(Talk talk, String reason, boolean bye) {
        Future<Object> dialog = bye && talk.gatewayNode() != null
                ? request(Addresses.gatewayNodeTalk(talk.gatewayNode()), new TalkClose(talk.talkId(), reason),
                        MEDIA_TIMEOUT_MILLIS, "gateway " + talk.gatewayNode())
                : Future.succeededFuture();
        Future<Object> media = request(Addresses.mediaNodeTalk(talk.mediaNode()), new TalkClose(talk.talkId(), reason),
                MEDIA_TIMEOUT_MILLIS, "media node " + talk.mediaNode());
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
