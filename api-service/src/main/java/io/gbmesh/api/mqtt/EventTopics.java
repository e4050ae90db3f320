package io.gbmesh.api.mqtt;

import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.MobilePosition;
import io.gbmesh.contracts.StreamStalled;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Which topics an event of the mesh is published to, and with what payload.
 *
 * <ul>
 *   <li>{@code gb/devices/{deviceId}/status}, retained: {@link #status} JSON, on {@link DeviceOnline} and
 *       {@link DeviceOffline};</li>
 *   <li>{@code gb/devices/{deviceId}/catalog}: the {@link CatalogUpdated} record's JSON;</li>
 *   <li>{@code gb/devices/{deviceId}/events}: every device event's record JSON (online, offline, info,
 *       catalog);</li>
 *   <li>{@code gb/streams/{streamId}}: {@link StreamStarted}, {@link StreamStalled}, {@link StreamStopped};</li>
 *   <li>{@code gb/downloads/{downloadId}}: a download's state at each report of its node (published by
 *   {@link MqttVerticle} from the API's download table);</li>
 *   <li>{@code gb/devices/{deviceId}/alarms}, not retained: each {@link AlarmRaised} record's JSON;</li>
 *   <li>{@code gb/devices/{deviceId}/position}, retained: the latest {@link MobilePosition} record's JSON.</li>
 * </ul>
 * Record JSON is {@link MeshCodec#toJsonString}: the record's fields and its type name in {@code @type}.
 * An event whose device or stream ID cannot stand as a topic level (empty, or holding {@code /},
 * {@code +} or {@code #}) is not published.
 */
final class EventTopics {
    static final String ONLINE = "online";
    static final String OFFLINE = "offline";

    private EventTopics() {
    }

    static String statusTopic(String deviceId) {
        return "gb/devices/" + deviceId + "/status";
    }

    static String catalogTopic(String deviceId) {
        return "gb/devices/" + deviceId + "/catalog";
    }

    static String eventsTopic(String deviceId) {
        return "gb/devices/" + deviceId + "/events";
    }

    static String alarmsTopic(String deviceId) {
        return "gb/devices/" + deviceId + "/alarms";
    }

    static String positionTopic(String deviceId) {
        return "gb/devices/" + deviceId + "/position";
    }

    static String streamTopic(String streamId) {
        return "gb/streams/" + streamId;
    }

    /**
     * The retained status of a device: {@code {"deviceId","status":"online"|"offline","reason","gatewayNode","at"}}.
     * {@code reason} is {@code registered}, {@code refreshed} or {@code registry} (known from the cluster
     * registry at start) when online, the {@code OfflineReason} name when offline; {@code at} is epoch ms.
     */
    static Publication status(String deviceId, String status, String reason, String gatewayNode, long at) {
        JsonObject json = new JsonObject().put("deviceId", deviceId).put("status", status).put("reason", reason)
                .put("gatewayNode", gatewayNode).put("at", at);
        return Publication.of(statusTopic(deviceId), json.encode(), true);
    }

    /**
     * The publications of one event. {@code onlineAlready} says the device's retained status is already
     * online: a registration refresh then does not publish its status again (it comes every few minutes
     * per device and says nothing new), but still goes to the events topic.
     */
    static List<Publication> of(MeshMessage event, boolean onlineAlready) {
        List<Publication> out = new ArrayList<>(3);
        if (event instanceof DeviceOnline e && TopicFilter.isValidLevel(e.deviceId())) {
            if (!e.refresh() || !onlineAlready) {
                out.add(status(e.deviceId(), ONLINE, e.refresh() ? "refreshed" : "registered", e.gatewayNode(), e.at()));
            }
            out.add(record(eventsTopic(e.deviceId()), e));
        } else if (event instanceof DeviceOffline e && TopicFilter.isValidLevel(e.deviceId())) {
            out.add(status(e.deviceId(), OFFLINE, e.reason() == null ? null : e.reason().name(), e.gatewayNode(),
                    e.at()));
            out.add(record(eventsTopic(e.deviceId()), e));
        } else if (event instanceof DeviceInfoUpdated e && e.info() != null
                && TopicFilter.isValidLevel(e.info().deviceId())) {
            out.add(record(eventsTopic(e.info().deviceId()), e));
        } else if (event instanceof CatalogUpdated e && e.catalog() != null
                && TopicFilter.isValidLevel(e.catalog().deviceId())) {
            out.add(record(catalogTopic(e.catalog().deviceId()), e));
            out.add(record(eventsTopic(e.catalog().deviceId()), e));
        } else if (event instanceof AlarmRaised e && TopicFilter.isValidLevel(e.deviceId())) {
            out.add(record(alarmsTopic(e.deviceId()), e));
        } else if (event instanceof MobilePosition e && TopicFilter.isValidLevel(e.deviceId())) {
            out.add(Publication.of(positionTopic(e.deviceId()), MeshCodec.toJsonString(e), true));
        } else if (event instanceof StreamStarted e && TopicFilter.isValidLevel(e.streamId())) {
            out.add(record(streamTopic(e.streamId()), e));
        } else if (event instanceof StreamStalled e && TopicFilter.isValidLevel(e.streamId())) {
            out.add(record(streamTopic(e.streamId()), e));
        } else if (event instanceof StreamStopped e && TopicFilter.isValidLevel(e.streamId())) {
            out.add(record(streamTopic(e.streamId()), e));
        }
        return out;
    }

    private static Publication record(String topic, MeshMessage event) {
        return Publication.of(topic, MeshCodec.toJsonString(event), false);
    }
}
