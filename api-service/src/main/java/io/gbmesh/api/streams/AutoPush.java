package io.gbmesh.api.streams;

import io.gbmesh.api.http.LiveRegistry;
import io.gbmesh.api.store.PushRuleStore;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.StreamKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the auto-push rules true, by rounds ({@code GB_AUTO_PUSH_INTERVAL_MS}, and at once after the
 * rules change): every online channel (its device in the registry, the channel ON in its catalog) that a
 * rule matches has its live stream running (reused or started) with the rule's push ({@code rule-<ruleId>})
 * on it, so a channel coming online is pushed at the next round and a stream that stopped is started
 * again; a rule's push whose rule is gone (or no longer matches) is removed, and the stream stopped
 * when nothing else (viewer or push) uses it. Every replica may run rounds: the streams are the
 * cluster's and a push ID is taken once per stream, so two rounds at once do the same thing.
 */
final class AutoPush {
    private static final Logger LOG = LoggerFactory.getLogger(AutoPush.class);
    /** Streams a round starts at most, so a rule matching thousands of channels ramps up over rounds. */
    static final int MAX_STARTS_PER_ROUND = 32;

    private final Vertx vertx;
    private final StreamOrchestrator orchestrator;
    private final MediaNodeApi nodes;
    private final PushRuleStore rules;
    private final LiveRegistry registry;
    private final AsyncMap<String, String> catalogs;
    private final AtomicLong failedStarts = new AtomicLong();
    private boolean running;
    private boolean again;

    AutoPush(Vertx vertx, StreamOrchestrator orchestrator, MediaNodeApi nodes, PushRuleStore rules, LiveRegistry registry,
             AsyncMap<String, String> catalogs) {
        this.vertx = vertx;
        this.orchestrator = orchestrator;
        this.nodes = nodes;
        this.rules = rules;
        this.registry = registry;
        this.catalogs = catalogs;
    }

    /** Runs a round every {@code intervalMillis} (0: only when the rules change). */
    void start(long intervalMillis) {
        if (intervalMillis > 0) {
            vertx.setPeriodic(intervalMillis, t -> round());
        }
        round();
    }

    /** Runs a round now, or right after the one running. */
    void round() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        reconcile().onComplete(ar -> {
            if (ar.failed()) {
                LOG.info("auto-push round failed: {}", ar.cause().getMessage());
            }
            running = false;
            if (again) {
                again = false;
                round();
            }
        });
    }

    /** Starts of a rule's stream or push that failed (retried at the next round). */
    long failedStarts() {
        return failedStarts.get();
    }

    private Future<Void> reconcile() {
        return rules.list().compose(list -> orchestrator.streams().compose(streams -> views(streams).compose(views -> {
            Map<String, PushRule> byId = new HashMap<>();
            list.forEach(r -> byId.put(r.ruleId(), r));
            List<Future<?>> work = new ArrayList<>();
            Map<String, JsonObject> liveByChannel = new HashMap<>();
            for (ActiveStream s : streams) {
                JsonObject view = views.get(s.streamId());
                if (s.kind() != StreamKind.PLAY || view == null) {
                    continue;
                }
                liveByChannel.put(key(s.deviceId(), s.channelId(), s.profile()), view);
                JsonArray pushes = view.getJsonArray("pushes", new JsonArray());
                for (int i = 0; i < pushes.size(); i++) {
                    String pushId = pushes.getJsonObject(i).getString("pushId");
                    String ruleId = PushRule.ruleOfPush(pushId);
                    PushRule rule = ruleId == null ? null : byId.get(ruleId);
                    if (ruleId != null && (rule == null || !rule.matches(s.deviceId(), s.channelId())
                            || rule.profile() != s.profile())) {
                        work.add(removePush(s, pushId, view));
                    }
                }
            }
            if (list.isEmpty()) {
                return Future.join(work).mapEmpty();
            }
            return onlineChannels().compose(online -> {
                int starts = 0;
                for (String[] channel : online) {
                    for (PushRule rule : list) {
                        if (!rule.matches(channel[0], channel[1])) {
                            continue;
                        }
                        JsonObject view = liveByChannel.get(key(channel[0], channel[1], rule.profile()));
                        if (view != null && hasPush(view, rule.pushId())) {
                            continue;
                        }
                        if (starts++ >= MAX_STARTS_PER_ROUND) {
                            break;
                        }
                        work.add(push(channel[0], channel[1], rule));
                    }
                }
                return Future.join(work).mapEmpty();
            });
        })));
    }

    private static String key(String deviceId, String channelId, int profile) {
        return deviceId + "|" + channelId + "|" + profile;
    }

    private static boolean hasPush(JsonObject view, String pushId) {
        JsonArray pushes = view.getJsonArray("pushes", new JsonArray());
        for (int i = 0; i < pushes.size(); i++) {
            if (pushId.equals(pushes.getJsonObject(i).getString("pushId"))) {
                return true;
            }
        }
        return false;
    }

    /** The live stream of the channel (reused or started) and the rule's push on it. */
    private Future<Void> push(String deviceId, String channelId, PushRule rule) {
        return orchestrator.live(deviceId, channelId, MediaTransport.UDP, rule.profile())
                .compose(s -> nodes.send(s, HttpMethod.POST, "/pushes", new JsonObject().put("pushId", rule.pushId())
                        .put("url", rule.url(deviceId, channelId, s.ssrc())).toBuffer()))
                .compose(answer -> answer.ok() || answer.status() == 409 ? Future.<Void>succeededFuture()
                        : Future.failedFuture("the node refused the push: " + answer.status() + " " + answer.body()))
                .onFailure(err -> {
                    failedStarts.incrementAndGet();
                    LOG.debug("auto-push of {}/{} by rule {} failed: {}", deviceId, channelId, rule.ruleId(), err.getMessage());
                });
    }

    /** Removes a rule's push; the stream is stopped too when it has no viewer and no other push. */
    private Future<Void> removePush(ActiveStream s, String pushId, JsonObject view) {
        int otherPushes = view.getJsonArray("pushes", new JsonArray()).size() - 1;
        JsonObject stats = view.getJsonObject("stats", new JsonObject());
        boolean unused = otherPushes == 0 && stats.getInteger("viewers", 0) == 0;
        return nodes.send(s, HttpMethod.DELETE, "/pushes/" + pushId, null)
                .compose(a -> unused ? orchestrator.stop(s.streamId(), "push-rule-removed") : Future.succeededFuture())
                .otherwiseEmpty().mapEmpty();
    }

    /** The media nodes' views of the streams (pushes, viewers), by streamId. */
    private Future<Map<String, JsonObject>> views(List<ActiveStream> streams) {
        Map<String, String> nodeUrls = new HashMap<>();
        streams.forEach(s -> nodeUrls.put(s.mediaNode(), s.mediaHttpUrl()));
        List<Future<JsonObject>> fetches = new ArrayList<>();
        nodeUrls.forEach((node, url) -> fetches.add(nodes.streams(node, url).otherwise(new JsonObject())));
        return Future.join(fetches).transform(ar -> {
            Map<String, JsonObject> out = new HashMap<>();
            for (Future<JsonObject> f : fetches) {
                JsonArray list = f.result() == null ? null : f.result().getJsonArray("streams");
                if (list != null) {
                    list.forEach(o -> out.put(((JsonObject) o).getString("streamId"), (JsonObject) o));
                }
            }
            return Future.succeededFuture(out);
        });
    }

    /** {deviceId, channelId} of every channel ON in the catalog of a device in the registry. */
    private Future<List<String[]>> onlineChannels() {
        return catalogs.entries().compose(all -> registry.present(all.keySet()).map(present -> {
            List<String[]> out = new ArrayList<>();
            all.forEach((deviceId, json) -> {
                if (!present.contains(deviceId)) {
                    return;
                }
                try {
                    for (Channel c : MeshCodec.fromJson(json, Catalog.class).channels()) {
                        if (c.online()) {
                            out.add(new String[] {deviceId, c.channelId()});
                        }
                    }
                } catch (RuntimeException e) {
                    LOG.debug("catalog of {} unreadable: {}", deviceId, e.getMessage());
                }
            });
            return out;
        }));
    }
}
