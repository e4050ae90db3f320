package io.gbmesh.api.http;

import static io.gbmesh.api.http.StoreCalls.guard;

import io.gbmesh.api.store.AlarmStore;
import io.gbmesh.api.store.Page;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.DeviceSubscriptions;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.SubscriptionsQuery;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Alarms, mobile positions and subscriptions (GB/T 28181-2016 §9.4, §9.11): {@code GET /alarms}
 * (filters and keyset pages, newest first), {@code GET /alarms/stream} (the live feed, {@link AlarmFeed}),
 * {@code GET /alarms/{alarmId}}, {@code GET /devices/{deviceId}/positions} and
 * {@code GET /devices/{deviceId}/subscriptions} (asked of the device's gateway node).
 */
public final class AlarmRoutes implements ApiRoutes {
    /** Longest priority or method filter: devices send a digit or two. */
    private static final int MAX_CODE = 32;

    @Override
    public void mount(Router v1, ApiServices s) {
        AlarmStore store = new AlarmStore(s.database().pool());
        AlarmFeed feed = new AlarmFeed(s.vertx());
        MeshCodec.register(s.vertx().eventBus());
        s.vertx().eventBus().<AlarmRaised>consumer(Addresses.DEVICE_ALARM, m -> feed.publish(m.body()));
        v1.get("/alarms").handler(ctx -> list(ctx, store));
        v1.get("/alarms/stream").handler(ctx -> stream(ctx, feed));
        v1.get("/alarms/:alarmId").handler(ctx -> get(ctx, store));
        v1.get("/devices/:deviceId/positions").handler(ctx -> positions(ctx, s, store));
        v1.get("/devices/:deviceId/subscriptions").handler(ctx -> subscriptions(ctx, s));
    }

    private void list(RoutingContext ctx, AlarmStore store) {
        int limit = RequestChecks.intParam(ctx, "limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        String after = RequestChecks.textParam(ctx, "after", 20);
        Long cursor = null;
        if (after != null) {
            try {
                cursor = Long.parseLong(after);
            } catch (NumberFormatException e) {
                throw ApiProblem.invalid("after", "after must be the next cursor of a previous page");
            }
            if (cursor <= 0) {
                throw ApiProblem.invalid("after", "after must be the next cursor of a previous page");
            }
        }
        AlarmStore.AlarmFilter filter = new AlarmStore.AlarmFilter(
                RequestChecks.optionalDeviceId(ctx, "deviceId"), RequestChecks.optionalDeviceId(ctx, "channelId"),
                instant(ctx, "since"), instant(ctx, "until"), RequestChecks.textParam(ctx, "priority", MAX_CODE),
                RequestChecks.textParam(ctx, "method", MAX_CODE), cursor, limit);
        guard(store.list(filter)).map(rows -> {
            JsonArray items = new JsonArray();
            rows.forEach(r -> items.add(AlarmViews.alarm(r)));
            JsonObject json = new JsonObject().put("items", items).put("limit", limit);
            if (rows.size() == limit) {
                json.put("next", Long.toString(rows.get(rows.size() - 1).seq()));
            }
            return json;
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void get(RoutingContext ctx, AlarmStore store) {
        UUID id;
        try {
            id = UUID.fromString(ctx.pathParam("alarmId"));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalid("alarmId", "alarmId must be an alarm's ID (a UUID)");
        }
        guard(store.get(id)).compose(row -> row.map(r -> io.vertx.core.Future.succeededFuture(AlarmViews.alarm(r)))
                        .orElseGet(() -> io.vertx.core.Future.failedFuture(ApiProblem.notFound("no alarm " + id))))
                .onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void stream(RoutingContext ctx, AlarmFeed feed) {
        String deviceId = RequestChecks.optionalDeviceId(ctx, "deviceId");
        if (!feed.open(ctx.response(), deviceId)) {
            throw new ApiProblem(503, "too many alarm streams open; try again later");
        }
    }

    private void positions(RoutingContext ctx, ApiServices s, AlarmStore store) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        OffsetDateTime since = instant(ctx, "since");
        int limit = RequestChecks.intParam(ctx, "limit", 100, 1, AlarmStore.MAX_POSITIONS);
        DeviceRoutes.known(s, id).compose(v -> guard(store.positions(id, since, limit))).map(list -> {
            JsonArray items = new JsonArray();
            list.forEach(p -> items.add(AlarmViews.position(p)));
            return new JsonObject().put("deviceId", id).put("items", items).put("limit", limit);
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    /** Asked of the device's owner gateway node; an offline device has none. */
    private void subscriptions(RoutingContext ctx, ApiServices s) {
        String id = RequestChecks.deviceId(ctx, "deviceId");
        DeviceRoutes.known(s, id).compose(v -> s.registry().get(id)).compose(live -> {
            if (live.isEmpty()) {
                return io.vertx.core.Future.succeededFuture(view(id, false, null, List.of()));
            }
            String node = live.get().gatewayNode();
            return s.vertx().eventBus().<DeviceSubscriptions>request(Addresses.gatewaySubscriptions(node),
                            new SubscriptionsQuery(id), new DeliveryOptions().setSendTimeout(s.config().queryTimeoutMillis()))
                    .map(reply -> view(id, true, node, reply.body().subscriptions()))
                    .recover(err -> io.vertx.core.Future.failedFuture(new ApiProblem(
                            err instanceof ReplyException re && re.failureType() == io.vertx.core.eventbus.ReplyFailure.TIMEOUT
                                    ? 504 : 503, "gateway node " + node + " did not say: " + err.getMessage())));
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private static JsonObject view(String id, boolean online, String node,
                                   List<io.gbmesh.contracts.SubscriptionState> subs) {
        JsonArray items = new JsonArray();
        subs.forEach(x -> items.add(AlarmViews.subscription(x)));
        return new JsonObject().put("deviceId", id).put("online", online).put("gatewayNode", node)
                .put("subscriptions", items);
    }

    /** An ISO-8601 instant ({@code 2025-04-22T11:26:02Z}, an offset allowed) or epoch milliseconds; null when absent. */
    static OffsetDateTime instant(RoutingContext ctx, String name) {
        String v = RequestChecks.textParam(ctx, name, 40);
        if (v == null) {
            return null;
        }
        try {
            if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
                return OffsetDateTime.ofInstant(Instant.ofEpochMilli(Long.parseLong(v)), ZoneOffset.UTC);
            }
            return OffsetDateTime.parse(v);
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw ApiProblem.invalid(name, name + " must be an ISO-8601 time with offset (2025-04-22T11:26:02Z) or epoch ms");
        }
    }
}
