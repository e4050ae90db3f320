package io.gbmesh.api.http;

import io.gbmesh.api.auth.TokenInfo;
import io.gbmesh.api.store.ChannelRow;
import io.gbmesh.api.store.DeviceEventRow;
import io.gbmesh.api.store.DeviceRow;
import io.gbmesh.api.store.PageOf;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceRegistration;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.function.Function;

/**
 * The JSON the API answers with (the schemas {@code Device}, {@code LiveRegistration}, {@code Channel},
 * {@code DeviceEvent}, {@code Token} and the pages of the OpenAPI document). Times are ISO-8601 UTC
 * strings; absent values are null.
 */
final class JsonViews {
    private JsonViews() {
    }

    /** A stored device, with {@code live} its registration in the cluster registry when it is online there. */
    static JsonObject device(DeviceRow d, DeviceRegistration live) {
        return new JsonObject()
                .put("deviceId", d.deviceId())
                .put("name", d.name())
                .put("deviceName", d.deviceName())
                .put("manufacturer", d.manufacturer())
                .put("model", d.model())
                .put("firmware", d.firmware())
                .put("channelCount", d.channelCount())
                .put("channelsKnown", d.channelsKnown())
                .put("hasPassword", d.hasPassword())
                .put("online", d.online() || live != null)
                .put("transport", d.transport())
                .put("remoteHost", d.remoteHost())
                .put("remotePort", d.remotePort())
                .put("gatewayNode", d.gatewayNode())
                .put("registeredAt", time(d.registeredAt()))
                .put("lastSeenAt", time(d.lastSeenAt()))
                .put("expiresAt", time(d.expiresAt()))
                .put("lastEventAt", time(d.lastEventAt()))
                .put("createdAt", time(d.createdAt()))
                .put("updatedAt", time(d.updatedAt()))
                .put("live", live == null ? null : live(live));
    }

    /**
     * A device the registry knows but the database does not yet (its online event is still being
     * written): what the registration says.
     */
    static JsonObject device(DeviceRegistration r) {
        DeviceInfo info = r.info();
        return new JsonObject()
                .put("deviceId", r.deviceId())
                .put("name", null)
                .put("deviceName", info == null ? null : info.deviceName())
                .put("manufacturer", info == null ? null : info.manufacturer())
                .put("model", info == null ? null : info.model())
                .put("firmware", info == null ? null : info.firmware())
                .put("channelCount", info == null ? null : info.channelCount())
                .put("channelsKnown", 0)
                .put("hasPassword", false)
                .put("online", true)
                .put("transport", r.transport() == null ? null : r.transport().name())
                .put("remoteHost", r.remoteHost())
                .put("remotePort", r.remotePort())
                .put("gatewayNode", r.gatewayNode())
                .put("registeredAt", millis(r.registeredAt()))
                .put("lastSeenAt", millis(Math.max(r.registeredAt(), r.lastKeepaliveAt())))
                .put("expiresAt", millis(r.expiresAt()))
                .put("lastEventAt", null)
                .put("createdAt", null)
                .put("updatedAt", null)
                .put("live", live(r));
    }

    static JsonObject live(DeviceRegistration r) {
        return new JsonObject()
                .put("gatewayNode", r.gatewayNode())
                .put("transport", r.transport() == null ? null : r.transport().name())
                .put("remoteHost", r.remoteHost())
                .put("remotePort", r.remotePort())
                .put("contact", r.contact())
                .put("registeredAt", millis(r.registeredAt()))
                .put("expiresAt", millis(r.expiresAt()))
                .put("lastKeepaliveAt", millis(r.lastKeepaliveAt()))
                .put("heartbeatInterval", r.heartbeatInterval())
                .put("heartbeatCount", r.heartbeatCount());
    }

    static JsonObject channel(ChannelRow row) {
        Channel c = row.channel();
        return new JsonObject()
                .put("channelId", c.channelId())
                .put("name", c.name())
                .put("status", c.status())
                .put("online", c.online())
                .put("manufacturer", c.manufacturer())
                .put("model", c.model())
                .put("owner", c.owner())
                .put("civilCode", c.civilCode())
                .put("address", c.address())
                .put("parental", c.parental())
                .put("parentId", c.parentId())
                .put("ptzType", c.ptzType())
                .put("ipAddress", c.ipAddress())
                .put("port", c.port())
                .put("longitude", c.longitude())
                .put("latitude", c.latitude())
                .put("updatedAt", time(row.updatedAt()));
    }

    static JsonObject event(DeviceEventRow e) {
        return new JsonObject()
                .put("id", e.id())
                .put("kind", e.kind())
                .put("reason", e.reason())
                .put("gatewayNode", e.gatewayNode() == null || e.gatewayNode().isEmpty() ? null : e.gatewayNode())
                .put("at", time(e.at()));
    }

    static JsonObject token(TokenInfo t) {
        return new JsonObject()
                .put("id", t.id())
                .put("name", t.name())
                .put("scope", t.scope().wireName())
                .put("createdAt", time(t.createdAt()))
                .put("lastUsedAt", time(t.lastUsedAt()));
    }

    static <T> JsonObject page(PageOf<T> page, Function<T, JsonObject> item) {
        JsonArray items = new JsonArray();
        page.items().forEach(i -> items.add(item.apply(i)));
        return new JsonObject().put("items", items).put("total", page.total())
                .put("offset", page.offset()).put("limit", page.limit());
    }

    static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    private static String millis(long epochMillis) {
        return epochMillis <= 0 ? null : Instant.ofEpochMilli(epochMillis).toString();
    }
}
