package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The live-video endpoints: {@code POST /api/v1/devices/{d}/channels/{c}/live} (query or JSON
 * body: {@code transport} = udp | tcp-passive | tcp-active, {@code profile} = main | sub),
 * {@code DELETE /api/v1/streams/{id}}, {@code GET /api/v1/streams}. Every viewer URL given out
 * ({@code urls.flv}, {@code urls.mp4}) carries a fresh signed token ({@link StreamOrchestrator#urls});
 * the media nodes' own lists are read with a node-api token.
 */
public final class StreamRoutes {
    /** Whether the platform knows a device and whether it is online now. */
    public enum DeviceState { UNKNOWN, OFFLINE, ONLINE }

    private static final Pattern ID = Pattern.compile("\\d{20}");

    private final Vertx vertx;
    private final StreamOrchestrator orchestrator;
    private final Function<String, Future<DeviceState>> devices;
    private final BiConsumer<RoutingContext, StreamFailure> problem;
    private final HttpClient http;
    private final AsyncMap<String, String> catalogs;

    private StreamRoutes(Vertx vertx, StreamOrchestrator orchestrator, Function<String, Future<DeviceState>> devices,
                         BiConsumer<RoutingContext, StreamFailure> problem, AsyncMap<String, String> catalogs) {
        this.vertx = vertx;
        this.orchestrator = orchestrator;
        this.devices = devices;
        this.problem = problem;
        this.catalogs = catalogs;
        this.http = vertx.createHttpClient();
    }

    /** The routes, once the channel map (to check that a channel exists) is open. */
    public static Future<StreamRoutes> create(Vertx vertx, StreamOrchestrator orchestrator,
                                              Function<String, Future<DeviceState>> devices,
                                              BiConsumer<RoutingContext, StreamFailure> problem) {
        return vertx.sharedData().<String, String>getAsyncMap(Addresses.CHANNELS_MAP)
                .map(map -> new StreamRoutes(vertx, orchestrator, devices, problem, map));
    }

    /** The routes over an already open channel map. */
    public static StreamRoutes of(Vertx vertx, StreamOrchestrator orchestrator, Function<String, Future<DeviceState>> devices,
                                  BiConsumer<RoutingContext, StreamFailure> problem, AsyncMap<String, String> catalogs) {
        return new StreamRoutes(vertx, orchestrator, devices, problem, catalogs);
    }

    /** Mounts the endpoints under {@code prefix} ({@code /api/v1}, or empty on a router already there). */
    public void mount(Router router, String prefix) {
        router.post(prefix + "/devices/:deviceId/channels/:channelId/live").handler(this::live);
        router.delete(prefix + "/streams/:streamId").handler(this::stop);
        router.delete(prefix + "/devices/:deviceId/streams").handler(this::stopAll);
        router.delete(prefix + "/devices/:deviceId/channels/:channelId/streams").handler(this::stopAll);
        router.get(prefix + "/streams").handler(this::list);
    }

    private void live(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        String channelId = ctx.pathParam("channelId");
        JsonObject body = ctx.body() == null || ctx.body().isEmpty() || ctx.body().length() <= 0 ? new JsonObject() : safeJson(ctx);
        if (body == null) {
            problem.accept(ctx, new StreamFailure(400, "body must be a JSON object"));
            return;
        }
        if (!ID.matcher(deviceId).matches() || !ID.matcher(channelId).matches()) {
            problem.accept(ctx, new StreamFailure(400, "deviceId and channelId must be 20 digits"));
            return;
        }
        String transportText = param(ctx, body, "transport", "udp");
        String profileText = param(ctx, body, "profile", "main");
        MediaTransport transport = switch (transportText.toLowerCase(Locale.ROOT)) {
            case "udp" -> MediaTransport.UDP;
            case "tcp-passive", "tcp_passive" -> MediaTransport.TCP_PASSIVE;
            case "tcp-active", "tcp_active" -> MediaTransport.TCP_ACTIVE;
            default -> null;
        };
        if (transport == null) {
            problem.accept(ctx, new StreamFailure(400, "transport must be udp, tcp-passive or tcp-active"));
            return;
        }
        int profile = switch (profileText.toLowerCase(Locale.ROOT)) {
            case "main", "0" -> 0;
            case "sub", "1" -> 1;
            default -> -1;
        };
        if (profile < 0) {
            problem.accept(ctx, new StreamFailure(400, "profile must be main or sub"));
            return;
        }
        devices.apply(deviceId).compose(state -> switch (state) {
            case UNKNOWN -> Future.failedFuture(new StreamFailure(404, "unknown device " + deviceId));
            case OFFLINE -> Future.failedFuture(new StreamFailure(503, "device " + deviceId + " is offline"));
            case ONLINE -> catalogs.get(deviceId).compose(json -> {
                if (json != null) {
                    Catalog catalog = MeshCodec.fromJson(json, Catalog.class);
                    boolean known = catalog.channels().stream().anyMatch(c -> c.channelId().equals(channelId));
                    if (!known && !catalog.channels().isEmpty()) {
                        return Future.failedFuture(new StreamFailure(404, "device " + deviceId + " has no channel " + channelId));
                    }
                }
                return orchestrator.live(deviceId, channelId, transport, profile);
            });
        }).onSuccess(s -> ctx.json(describe(s, null))).onFailure(err -> problem.accept(ctx, asFailure(err)));
    }

    private void stop(RoutingContext ctx) {
        orchestrator.stop(ctx.pathParam("streamId"), "closed-by-user")
                .onSuccess(v -> ctx.response().setStatusCode(204).end())
                .onFailure(err -> problem.accept(ctx, asFailure(err)));
    }

    /** Stops all streams of a device, or of a channel when the path names one. */
    private void stopAll(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        String channelId = ctx.pathParam("channelId");
        if (!ID.matcher(deviceId).matches() || (channelId != null && !ID.matcher(channelId).matches())) {
            problem.accept(ctx, new StreamFailure(400, "deviceId and channelId must be 20 digits"));
            return;
        }
        orchestrator.stopAll(deviceId, channelId, "closed-by-user")
                .onSuccess(n -> ctx.json(new JsonObject().put("stopped", n)))
                .onFailure(err -> problem.accept(ctx, asFailure(err)));
    }

    /**
     * Lists the streams of the whole mesh (the cluster's table, whichever replica started them) with
     * what their media nodes measure (codec, resolution, bitrate, viewers).
     */
    private void list(RoutingContext ctx) {
        orchestrator.streams().onFailure(err -> problem.accept(ctx, asFailure(err))).onSuccess(streams -> {
            Map<String, String> nodeUrls = new HashMap<>();
            for (ActiveStream s : streams) {
                nodeUrls.put(s.mediaNode(), s.mediaHttpUrl());
            }
            List<Future<JsonObject>> fetches = new ArrayList<>();
            nodeUrls.forEach((node, base) -> fetches.add(http.request(new io.vertx.core.http.RequestOptions()
                            .setMethod(HttpMethod.GET).setAbsoluteURI(absolute(base) + "/api/streams")
                            .putHeader("Authorization", "Bearer " + orchestrator.nodeApiToken(node)))
                    .compose(req -> req.send().compose(resp -> resp.body())).map(b -> b.toJsonObject())
                    .otherwise(new JsonObject())));
            Future.join(fetches).onComplete(ar -> {
                Map<String, JsonObject> live = new HashMap<>();
                for (Future<JsonObject> f : fetches) {
                    JsonObject nodeView = f.result();
                    if (nodeView != null && nodeView.getJsonArray("streams") != null) {
                        nodeView.getJsonArray("streams").forEach(o -> live.put(((JsonObject) o).getString("streamId"), (JsonObject) o));
                    }
                }
                JsonArray out = new JsonArray();
                streams.forEach(s -> out.add(describe(s, live.get(s.streamId()))));
                ctx.json(new JsonObject().put("total", out.size()).put("streams", out));
            });
        });
    }

    private static String absolute(String base) {
        return base.startsWith("http") ? base : "http://" + base;
    }

    private JsonObject describe(ActiveStream s, JsonObject nodeView) {
        JsonObject urls = orchestrator.urls(s);
        JsonObject stats = nodeView == null ? null : nodeView.getJsonObject("stats");
        return new JsonObject()
                .put("streamId", s.streamId())
                .put("kind", switch (s.kind()) {
                    case PLAY -> "live";
                    case PLAYBACK -> "playback";
                    case DOWNLOAD -> "download";
                })
                .put("deviceId", s.deviceId())
                .put("channelId", s.channelId())
                .put("ssrc", s.ssrc())
                .put("profile", s.profile() == 0 ? "main" : "sub")
                .put("transport", s.transport().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                .put("mediaNode", s.mediaNode())
                .put("codec", s.codec())
                .put("width", s.width())
                .put("height", s.height())
                .put("bitrateKbps", stats == null ? null : stats.getLong("bitrateKbps"))
                .put("viewers", stats == null ? null : stats.getInteger("viewers"))
                .put("push", nodeView == null ? null : nodeView.getJsonObject("push"))
                .put("pushes", nodeView == null ? null : nodeView.getJsonArray("pushes"))
                .put("idleMillis", nodeView == null ? null : nodeView.getLong("idleMillis"))
                .put("viewersByProtocol", nodeView == null ? null : nodeView.getJsonObject("viewersByProtocol"))
                .put("audioCodec", nodeView == null ? null : nodeView.getString("audioCodec"))
                .put("startedAt", s.startedAt())
                .put("urls", urls);
    }

    private static String param(RoutingContext ctx, JsonObject body, String name, String fallback) {
        String q = ctx.queryParams().get(name);
        if (q != null) {
            return q;
        }
        Object b = body.getValue(name);
        return b == null ? fallback : b.toString();
    }

    private static JsonObject safeJson(RoutingContext ctx) {
        try {
            return ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static StreamFailure asFailure(Throwable err) {
        return err instanceof StreamFailure f ? f : new StreamFailure(500, String.valueOf(err.getMessage()));
    }
}
