package io.gbmesh.api.http;

import static io.gbmesh.api.http.StoreCalls.guard;

import io.gbmesh.api.auth.SipHa1;
import io.gbmesh.api.cache.RecentValues;
import io.gbmesh.api.store.DeviceFilter;
import io.gbmesh.api.store.DeviceRow;
import io.gbmesh.api.store.Page;
import io.gbmesh.api.store.PageOf;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DevicePasswordChanged;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /devices}: the devices the platform has seen, from the database, each with its live
 * registration when it is online; renaming, passwords, forgetting; channels and history; and on-demand
 * queries of the device ({@link DeviceRefresh}).
 */
public final class DeviceRoutes implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceRoutes.class);
    private static final Set<String> PATCH_FIELDS = Set.of("name", "password");
    /** Device list pages kept at once. */
    private static final int MAX_PAGES = 4096;
    static final int DEFAULT_CHANNEL_LIMIT = 100;
    static final int MAX_CHANNEL_LIMIT = 1000;
    /** Longer than any channel ID a device can have stored: a longer cursor is a wrong call. */
    private static final int MAX_CHANNEL_ID = 64;
    private RecentValues<String, Buffer> listings = new RecentValues<>(0, MAX_PAGES);

    /**
     * {@code GB_API_LIST_CACHE_MS} (default 1000): how long a device list page, once built, is served
     * as it is; 0 builds every one.
     */
    @Override
    public void mount(Router v1, ApiServices s) {
        listings = new RecentValues<>(s.config().env().getInt("GB_API_LIST_CACHE_MS", 1000), MAX_PAGES);
        v1.get("/devices").handler(ctx -> list(ctx, s));
        v1.get("/devices/:deviceId").handler(ctx -> get(ctx, s));
        v1.patch("/devices/:deviceId").handler(ctx -> patch(ctx, s));
        v1.delete("/devices/:deviceId").handler(ctx -> forget(ctx, s));
        v1.get("/devices/:deviceId/channels").handler(ctx -> channels(ctx, s));
        v1.get("/devices/:deviceId/history").handler(ctx -> history(ctx, s));
        new DeviceRefresh(s).mount(v1);
    }

    private void list(RoutingContext ctx, ApiServices s) {
        Page page = RequestChecks.page(ctx);
        DeviceFilter filter = new DeviceFilter(RequestChecks.booleanParam(ctx, "online"),
                RequestChecks.textParam(ctx, "q", RequestChecks.MAX_QUERY));
        String after = RequestChecks.optionalDeviceId(ctx, "after");
        String key = filter.online() + "|" + page.offset() + "|" + page.limit() + "|" + after + "|" + filter.text();
        listings.get(key, () -> guard(s.devices().list(filter, page, after))
                        .compose(rows -> s.registry().getAll(rows.items().stream().map(DeviceRow::deviceId).toList())
                                .map(live -> withNext(JsonViews.page(rows, d -> JsonViews.device(d, live.get(d.deviceId()))), rows)))
                        .map(JsonObject::toBuffer))
                .onSuccess(body -> ctx.response().putHeader("content-type", "application/json").end(body))
                .onFailure(ctx::fail);
    }

    /** A full page has a next one, perhaps empty: its cursor is the last device of this one. */
    private static JsonObject withNext(JsonObject json, PageOf<DeviceRow> rows) {
        if (!rows.items().isEmpty() && rows.items().size() == rows.limit()) {
            json.put("next", rows.items().get(rows.items().size() - 1).deviceId());
        }
        return json;
    }

    private void get(RoutingContext ctx, ApiServices s) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        view(s, id).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    /** The device as stored with its live part; a device only the registry knows yet as the registry has it; else 404. */
    static Future<JsonObject> view(ApiServices s, String id) {
        Future<Optional<DeviceRow>> row = guard(s.devices().get(id));
        return row.compose(stored -> s.registry().get(id).compose(live -> {
            if (stored.isPresent()) {
                return Future.succeededFuture(JsonViews.device(stored.get(), live.orElse(null)));
            }
            return live.map(r -> Future.succeededFuture(JsonViews.device(r)))
                    .orElseGet(() -> Future.failedFuture(unknown(id)));
        }));
    }

    /** Succeeds when the database or the registry knows the device; else 404. */
    static Future<Void> known(ApiServices s, String id) {
        return guard(s.devices().get(id)).compose(stored -> stored.isPresent() ? Future.succeededFuture()
                : s.registry().get(id).compose(live -> live.isPresent() ? Future.<Void>succeededFuture()
                : Future.failedFuture(unknown(id))));
    }

    static ApiProblem unknown(String id) {
        return ApiProblem.notFound("no device " + id + " is known");
    }

    private void patch(RoutingContext ctx, ApiServices s) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        JsonObject body = RequestChecks.jsonObject(ctx, PATCH_FIELDS);
        if (body.isEmpty()) {
            throw ApiProblem.invalid(null, "nothing to change: give name and/or password");
        }
        boolean setName = body.containsKey("name");
        boolean setPassword = body.containsKey("password");
        String name = setName ? RequestChecks.textField(body, "name", RequestChecks.MAX_TEXT) : null;
        String password = setPassword ? RequestChecks.textField(body, "password", RequestChecks.MAX_TEXT) : null;
        guard(s.devices().get(id)).compose(existing -> {
            // A password may be provisioned before the device first registers; nothing else may be set on an unknown device.
            if (existing.isEmpty() && (!setPassword || password == null)) {
                return Future.failedFuture(unknown(id));
            }
            Future<Void> done = Future.succeededFuture();
            if (setPassword) {
                String ha1 = password == null ? null : SipHa1.of(id, s.config().sipRealm(), password);
                done = done.compose(v -> guard(s.devices().setPasswordHa1(id, ha1)))
                        .compose(v -> publishPassword(s, id, ha1));
            }
            if (setName) {
                done = done.compose(v -> guard(s.devices().rename(id, name)))
                        .compose(v -> Future.<Void>succeededFuture());
            }
            return done.compose(v -> view(s, id));
        }).onComplete(ar -> listings.clear()).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    /**
     * Hands the password's HA1 to the gateways now: the cluster map for gateways that start later, and
     * a {@link DevicePasswordChanged} event for the running ones, which keep a local copy.
     */
    private static Future<Void> publishPassword(ApiServices s, String id, String ha1) {
        Future<Void> put = (ha1 == null ? s.devicePasswords().remove(id).<Void>mapEmpty()
                : s.devicePasswords().put(id, ha1))
                .onSuccess(v -> s.vertx().eventBus().publish(Addresses.DEVICE_PASSWORD, new DevicePasswordChanged(id, ha1)));
        return put.recover(err -> Future.failedFuture(new ApiProblem(503,
                "the password is stored but the cluster map is unavailable; repeat the request: " + err.getMessage())));
    }

    private void forget(RoutingContext ctx, ApiServices s) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        s.registry().get(id).compose(live -> {
            if (live.isPresent()) {
                return Future.<Void>failedFuture(online(id));
            }
            return guard(s.devices().forget(id)).<Void>compose(result -> switch (result) {
                case FORGOTTEN -> s.devicePasswords().remove(id)
                        .onSuccess(v -> s.vertx().eventBus().publish(Addresses.DEVICE_PASSWORD, new DevicePasswordChanged(id, null)))
                        .onFailure(err -> LOG.warn("password of forgotten device {} left in the cluster map: {}",
                                id, err.getMessage()))
                        .<Void>mapEmpty().otherwiseEmpty();
                case ONLINE -> Future.<Void>failedFuture(online(id));
                case UNKNOWN -> Future.<Void>failedFuture(unknown(id));
            });
        }).onComplete(ar -> listings.clear()).onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
    }

    private static ApiProblem online(String id) {
        return new ApiProblem(409, "device " + id + " is online; it can be forgotten once it is offline");
    }

    /**
     * A page of the device's channels: {@code limit} (1..{@value #MAX_CHANNEL_LIMIT}, default
     * {@value #DEFAULT_CHANNEL_LIMIT}) after the channel {@code after}; a full page carries {@code next},
     * the cursor of the following one, as the device list does. A device may have thousands of channels.
     */
    private void channels(RoutingContext ctx, ApiServices s) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        int limit = RequestChecks.intParam(ctx, "limit", DEFAULT_CHANNEL_LIMIT, 1, MAX_CHANNEL_LIMIT);
        String after = RequestChecks.textParam(ctx, "after", MAX_CHANNEL_ID);
        known(s, id).compose(v -> guard(s.devices().channels(id, limit, after))).map(rows -> {
            JsonArray items = new JsonArray();
            rows.items().forEach(r -> items.add(JsonViews.channel(r)));
            JsonObject json = new JsonObject().put("items", items).put("total", rows.total()).put("limit", limit);
            if (rows.items().size() == limit) {
                json.put("next", rows.items().get(limit - 1).channel().channelId());
            }
            return json;
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void history(RoutingContext ctx, ApiServices s) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        Page page = RequestChecks.page(ctx);
        known(s, id).compose(v -> guard(s.devices().history(id, page)))
                .map(rows -> JsonViews.page(rows, JsonViews::event))
                .onSuccess(ctx::json).onFailure(ctx::fail);
    }
}
