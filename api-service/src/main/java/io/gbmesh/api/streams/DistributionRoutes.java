package io.gbmesh.api.streams;

import io.gbmesh.api.http.ApiProblem;
import io.gbmesh.api.store.PushRuleStore;
import io.gbmesh.contracts.MediaTransport;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Distribution endpoints of the API: pushes of a running stream ({@code POST/GET /streams/{id}/pushes},
 * {@code DELETE /streams/{id}/pushes/{pushId}}, relayed to the stream's media node), snapshots from the
 * stream ({@code POST /devices/{d}/channels/{c}/snapshot}: the channel's main live stream, reused or
 * started, and a JPEG of its last key frame), and the auto-push rules ({@code PUT/GET /push-rules}).
 */
final class DistributionRoutes {
    private static final Pattern ID = Pattern.compile("\\d{20}");
    private static final Pattern PUSH_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    /** Most rules one PUT takes. */
    static final int MAX_RULES = 200;

    private final StreamOrchestrator orchestrator;
    private final MediaNodeApi nodes;
    private final PushRuleStore rules;
    private final Function<String, Future<StreamRoutes.DeviceState>> devices;
    private final Runnable rulesChanged;

    DistributionRoutes(StreamOrchestrator orchestrator, MediaNodeApi nodes, PushRuleStore rules,
                       Function<String, Future<StreamRoutes.DeviceState>> devices, Runnable rulesChanged) {
        this.orchestrator = orchestrator;
        this.nodes = nodes;
        this.rules = rules;
        this.devices = devices;
        this.rulesChanged = rulesChanged;
    }

    void mount(Router v1) {
        v1.post("/streams/:streamId/pushes").handler(this::addPush);
        v1.get("/streams/:streamId/pushes").handler(ctx -> relay(ctx, HttpMethod.GET, "/pushes", null));
        v1.delete("/streams/:streamId/pushes/:pushId").handler(ctx -> {
            if (!PUSH_ID.matcher(ctx.pathParam("pushId")).matches()) {
                ctx.fail(new ApiProblem(404, "no push " + ctx.pathParam("pushId")));
            } else {
                relay(ctx, HttpMethod.DELETE, "/pushes/" + ctx.pathParam("pushId"), null);
            }
        });
        v1.post("/devices/:deviceId/channels/:channelId/snapshot").handler(this::snapshot);
        v1.put("/push-rules").handler(this::putRules);
        v1.get("/push-rules").handler(this::getRules);
    }

    private void addPush(RoutingContext ctx) {
        JsonObject body;
        try {
            body = ctx.body() == null || ctx.body().length() <= 0 ? null : ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            ctx.fail(new ApiProblem(400, "the body must be a JSON object {\"url\": \"rtmp://...|rtsp://...\", \"watermark\"?: {...}}"));
            return;
        }
        if (PushRule.ruleOfPush(body.getValue("pushId") instanceof String s ? s : null) != null) {
            ctx.fail(new ApiProblem(400, "push IDs starting with rule- are the auto-push rules'", "pushId"));
            return;
        }
        relay(ctx, HttpMethod.POST, "/pushes", body.toBuffer());
    }

    /** Relays the request to the stream's node and its answer back (a refusal as a problem document). */
    private void relay(RoutingContext ctx, HttpMethod method, String path, Buffer body) {
        String streamId = ctx.pathParam("streamId");
        orchestrator.stream(streamId).compose(s -> s == null
                        ? Future.failedFuture(new ApiProblem(404, "no stream " + streamId))
                        : nodes.send(s, method, path, body))
                .onFailure(ctx::fail)
                .onSuccess(answer -> {
                    if (!answer.ok()) {
                        ctx.fail(new ApiProblem(answer.status(), answer.body().toString()));
                    } else if (answer.status() == 204) {
                        ctx.response().setStatusCode(204).end();
                    } else {
                        ctx.response().setStatusCode(answer.status()).putHeader("Content-Type", "application/json")
                                .end(answer.body());
                    }
                });
    }

    private void snapshot(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        String channelId = ctx.pathParam("channelId");
        if (!ID.matcher(deviceId).matches() || !ID.matcher(channelId).matches()) {
            ctx.fail(new ApiProblem(400, "deviceId and channelId must be 20 digits"));
            return;
        }
        devices.apply(deviceId).compose(state -> switch (state) {
                    case UNKNOWN -> Future.failedFuture(new ApiProblem(404, "unknown device " + deviceId));
                    case OFFLINE -> Future.failedFuture(new ApiProblem(503, "device " + deviceId + " is offline"));
                    // the running live stream, or one started for the picture (closed by its node when no one watches)
                    case ONLINE -> orchestrator.live(deviceId, channelId, MediaTransport.UDP, 0);
                })
                .compose(s -> nodes.send(s, HttpMethod.GET, "/snapshot?waitMs=8000", null))
                .onFailure(err -> ctx.fail(err instanceof StreamFailure f ? new ApiProblem(f.status(), f.getMessage()) : err))
                .onSuccess(answer -> {
                    if (!answer.ok()) {
                        ctx.fail(new ApiProblem(answer.status() == 404 ? 503 : answer.status(), answer.body().toString()));
                    } else {
                        ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "no-store")
                                .end(answer.body());
                    }
                });
    }

    private void putRules(RoutingContext ctx) {
        JsonArray list;
        try {
            Object parsed = ctx.body() == null || ctx.body().length() <= 0 ? null : ctx.body().asJsonObject().getValue("rules");
            list = parsed instanceof JsonArray a ? a : null;
        } catch (RuntimeException e) {
            list = null;
        }
        if (list == null) {
            ctx.fail(new ApiProblem(400, "the body must be {\"rules\": [{\"devicePattern\", \"channelPattern\", \"url\"}]}"));
            return;
        }
        if (list.size() > MAX_RULES) {
            ctx.fail(new ApiProblem(400, "at most " + MAX_RULES + " rules"));
            return;
        }
        List<PushRule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.getValue(i) instanceof JsonObject json)) {
                ctx.fail(new ApiProblem(400, "rules[" + i + "] must be an object"));
                return;
            }
            try {
                PushRule rule = PushRule.fromJson(json, i);
                if (!ids.add(rule.ruleId())) {
                    throw new IllegalArgumentException("ruleId " + rule.ruleId() + " is given twice");
                }
                parsed.add(rule);
            } catch (IllegalArgumentException e) {
                ctx.fail(new ApiProblem(400, "rules[" + i + "]: " + e.getMessage()));
                return;
            }
        }
        rules.replace(parsed).onFailure(ctx::fail).onSuccess(v -> {
            rulesChanged.run();
            ctx.json(rulesJson(parsed));
        });
    }

    private void getRules(RoutingContext ctx) {
        rules.list().onFailure(ctx::fail).onSuccess(list -> ctx.json(rulesJson(list)));
    }

    private static JsonObject rulesJson(List<PushRule> list) {
        JsonArray out = new JsonArray();
        list.forEach(r -> out.add(r.toJson()));
        return new JsonObject().put("rules", out);
    }
}
