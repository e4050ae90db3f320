package io.gbmesh.api;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.MeshMessage;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The HTTP face of the mesh: health, the live device registry and on-demand device queries.
 */
public final class ApiVerticle extends VerticleBase {
    private static final Pattern DEVICE_ID = Pattern.compile("\\d{20}");

    private final ApiConfig config;
    private HttpServer server;
    private AsyncMap<String, String> registry;
    private AsyncMap<String, String> channels;

    public ApiVerticle(ApiConfig config) {
        this.config = config;
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        Future<AsyncMap<String, String>> r = vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP);
        Future<AsyncMap<String, String>> c = vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP);
        return Future.all(r, c).compose(v -> {
            registry = r.result();
            channels = c.result();
            Router router = Router.router(vertx);
            router.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
            router.get("/ready").handler(ctx -> ctx.json(new JsonObject().put("status", "READY")));
            router.get("/api/v1/devices").handler(this::listDevices);
            router.get("/api/v1/devices/:deviceId").handler(this::getDevice);
            router.get("/api/v1/devices/:deviceId/channels").handler(this::getChannels);
            router.post("/api/v1/devices/:deviceId/queries/:kind").handler(this::query);
            server = vertx.createHttpServer();
            return server.requestHandler(router).listen(config.port(), config.host());
        });
    }

    private void listDevices(RoutingContext ctx) {
        registry.values().onSuccess(values -> {
            JsonArray out = new JsonArray();
            values.stream().sorted().forEach(json -> out.add(new JsonObject(json)));
            ctx.json(new JsonObject().put("total", out.size()).put("devices", out));
        }).onFailure(err -> problem(ctx, 503, "registry unavailable: " + err.getMessage()));
    }

    private void getDevice(RoutingContext ctx) {
        String id = ctx.pathParam("deviceId");
        if (!DEVICE_ID.matcher(id).matches()) {
            problem(ctx, 400, "deviceId must be 20 digits");
            return;
        }
        registry.get(id).onSuccess(json -> {
            if (json == null) {
                problem(ctx, 404, "device " + id + " is not online");
            } else {
                ctx.json(new JsonObject(json));
            }
        }).onFailure(err -> problem(ctx, 503, "registry unavailable: " + err.getMessage()));
    }

    private void getChannels(RoutingContext ctx) {
        String id = ctx.pathParam("deviceId");
        if (!DEVICE_ID.matcher(id).matches()) {
            problem(ctx, 400, "deviceId must be 20 digits");
            return;
        }
        channels.get(id).onSuccess(json -> {
            if (json == null) {
                problem(ctx, 404, "no catalog known for device " + id);
            } else {
                ctx.json(new JsonObject(json));
            }
        }).onFailure(err -> problem(ctx, 503, "registry unavailable: " + err.getMessage()));
    }

    private void query(RoutingContext ctx) {
        String id = ctx.pathParam("deviceId");
        if (!DEVICE_ID.matcher(id).matches()) {
            problem(ctx, 400, "deviceId must be 20 digits");
            return;
        }
        DeviceQuery.Kind kind;
        try {
            kind = DeviceQuery.Kind.valueOf(ctx.pathParam("kind").toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            problem(ctx, 400, "kind must be one of device-info, device-status, catalog, config-download");
            return;
        }
        vertx.eventBus().<MeshMessage>request(Addresses.DEVICE_QUERY, DeviceQuery.of(id, kind),
                new DeliveryOptions().setSendTimeout(config.queryTimeoutMillis())).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("content-type", "application/json")
                        .end(MeshCodec.toJsonString(ar.result().body()));
            } else if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
                problem(ctx, re.failureCode(), re.getMessage());
            } else if (ar.cause() instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
                problem(ctx, 503, "no SIP gateway is running");
            } else {
                problem(ctx, 504, "the device did not answer in time");
            }
        });
    }

    static void problem(RoutingContext ctx, int status, String detail) {
        ctx.response().setStatusCode(status).putHeader("content-type", "application/problem+json")
                .end(new JsonObject().put("type", "about:blank").put("status", status)
                        .put("title", io.netty.handler.codec.http.HttpResponseStatus.valueOf(status).reasonPhrase())
                        .put("detail", detail).encode());
    }

    public int port() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        return server == null ? Future.succeededFuture() : server.close();
    }
}
