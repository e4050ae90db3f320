package io.gbmesh.api.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.Transport;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventTopicsTest {
    private static final String DEVICE = "34020000001320000001";

    static DeviceOnline online(String deviceId, boolean refresh) {
        return new DeviceOnline(deviceId, "gw-1", Transport.UDP, "127.0.0.1", 5060, "sip:" + deviceId + "@127.0.0.1",
                3600, 1_700_000_000_000L, refresh);
    }

    @Test
    void onlineIsARetainedStatusAndAnEvent() {
        List<Publication> out = EventTopics.of(online(DEVICE, false), false);
        assertEquals(2, out.size());
        Publication status = out.get(0);
        assertEquals("gb/devices/" + DEVICE + "/status", status.topic());
        assertTrue(status.retained());
        assertEquals(new JsonObject().put("deviceId", DEVICE).put("status", "online").put("reason", "registered")
                .put("gatewayNode", "gw-1").put("at", 1_700_000_000_000L), new JsonObject(status.payload()));
        assertEquals("gb/devices/" + DEVICE + "/events", out.get(1).topic());
        assertEquals("DeviceOnline", new JsonObject(out.get(1).payload()).getString("@type"));
    }

    @Test
    void aRefreshOfAnOnlineDeviceOnlyGoesToTheEventsTopic() {
        List<Publication> out = EventTopics.of(online(DEVICE, true), true);
        assertEquals(List.of("gb/devices/" + DEVICE + "/events"), out.stream().map(Publication::topic).toList());
        assertEquals(2, EventTopics.of(online(DEVICE, true), false).size());
    }

    @Test
    void offlineCarriesItsReason() {
        List<Publication> out = EventTopics.of(new DeviceOffline(DEVICE, "gw-1", OfflineReason.KEEPALIVE_TIMEOUT, 5L), false);
        JsonObject status = new JsonObject(out.get(0).payload());
        assertEquals("offline", status.getString("status"));
        assertEquals("KEEPALIVE_TIMEOUT", status.getString("reason"));
        assertTrue(out.get(0).retained());
    }

    @Test
    void catalogGoesToItsTopicAndToEvents() {
        CatalogUpdated e = new CatalogUpdated(new Catalog(DEVICE, List.of(), 0, true), List.of(), 7L);
        assertEquals(List.of("gb/devices/" + DEVICE + "/catalog", "gb/devices/" + DEVICE + "/events"),
                EventTopics.of(e, false).stream().map(Publication::topic).toList());
        DeviceInfoUpdated info = new DeviceInfoUpdated(new DeviceInfo(DEVICE, "cam", "Hikvision", "DS-2CD", "V5", 1), 8L);
        assertEquals(List.of("gb/devices/" + DEVICE + "/events"),
                EventTopics.of(info, false).stream().map(Publication::topic).toList());
    }

    @Test
    void streamEventsGoToTheStreamTopic() {
        StreamStarted e = new StreamStarted("s-1", DEVICE, "34020000001310000001", "media-1", "H264", 704, 576, 9L);
        List<Publication> out = EventTopics.of(e, false);
        assertEquals("gb/streams/s-1", out.get(0).topic());
        assertEquals("StreamStarted", new JsonObject(out.get(0).payload()).getString("@type"));
    }

    @Test
    void idsThatCannotBeATopicLevelAreNotPublished() {
        assertEquals(List.of(), EventTopics.of(online("a/#", false), false));
        assertEquals(List.of(), EventTopics.of(new StreamStarted("+", DEVICE, "c", "m", "H264", 1, 1, 1L), false));
    }
}
