package io.gbmesh.api.http;

import io.gbmesh.api.store.AlarmRow;
import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.MobilePosition;
import io.gbmesh.contracts.SubscriptionState;
import io.vertx.core.json.JsonObject;
import java.time.Instant;

/** The JSON of alarms, positions and subscriptions, the same whether read from the database or live. */
final class AlarmViews {
    private AlarmViews() {
    }

    static JsonObject alarm(AlarmRow a) {
        JsonObject json = alarm(a.alarmId(), a.deviceId(), a.channelId(), a.priority(), a.method(), a.type(),
                a.alarmTime(), a.description(), a.longitude(), a.latitude(), a.via(), a.receivedAt().toInstant(),
                a.gatewayNode());
        if (a.rawBody() != null) {
            json.put("rawBody", a.rawBody());
        }
        return json;
    }

    /** A live alarm as the feed sends it: as listed, without its raw body. */
    static JsonObject alarm(AlarmRaised a) {
        return alarm(a.alarmId(), a.deviceId(), a.channelId(), a.priority(), a.method(), a.type(), a.alarmTime(),
                a.description(), a.longitude(), a.latitude(), a.via(), Instant.ofEpochMilli(a.receivedAt()),
                a.gatewayNode());
    }

    private static JsonObject alarm(String alarmId, String deviceId, String channelId, String priority, String method,
                                    String type, String alarmTime, String description, Double longitude, Double latitude,
                                    String via, Instant receivedAt, String gatewayNode) {
        return new JsonObject().put("alarmId", alarmId).put("deviceId", deviceId).put("channelId", channelId)
                .put("priority", priority).put("method", method).put("type", type).put("alarmTime", alarmTime)
                .put("description", description).put("longitude", longitude).put("latitude", latitude)
                .put("via", via).put("receivedAt", receivedAt.toString()).put("gatewayNode", gatewayNode);
    }

    static JsonObject position(MobilePosition p) {
        return new JsonObject().put("deviceId", p.deviceId()).put("channelId", p.channelId()).put("time", p.time())
                .put("longitude", p.longitude()).put("latitude", p.latitude()).put("speed", p.speed())
                .put("direction", p.direction()).put("altitude", p.altitude())
                .put("receivedAt", Instant.ofEpochMilli(p.receivedAt()).toString());
    }

    static JsonObject subscription(SubscriptionState s) {
        return new JsonObject().put("kind", s.kind()).put("state", s.state())
                .put("expiresAt", s.expiresAt() > 0 ? Instant.ofEpochMilli(s.expiresAt()).toString() : null)
                .put("nextAttemptAt", s.refreshAt() > 0 ? Instant.ofEpochMilli(s.refreshAt()).toString() : null)
                .put("status", s.status() > 0 ? s.status() : null).put("notifications", s.notifications());
    }
}
