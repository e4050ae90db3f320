package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.store.DeviceEvents;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.MobilePosition;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Alarms and positions as the HTTP API stores and shows them, fed by the gateway's events on the event bus. */
class AlarmApiTest {
    private static final long T0 = 1_745_000_000_000L;
    private static TestApi api;
    private static EventBus bus;

    @BeforeAll
    static void start() {
        api = TestApi.start("alarmapi");
        bus = api.vertx.eventBus();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static AlarmRaised alarm(String deviceId, String priority, long at) {
        return new AlarmRaised(UUID.randomUUID().toString(), deviceId, deviceId.substring(0, 10) + "1340000001", priority,
                "5", "2", "2025-04-22T11:26:02", "motion 移动侦测", 116.39, 39.91, AlarmRaised.VIA_MESSAGE,
                "<Notify><CmdType>Alarm</CmdType></Notify>", at, "gw-1");
    }

    private static JsonArray items(String query) {
        TestApi.Response r = api.get("/api/v1/alarms" + query);
        assertEquals(200, r.status(), r.body());
        return r.json().getJsonArray("items");
    }

    @Test
    void anAlarmIsStoredOnceAndShownWithItsRawBody() {
        String device = "34020000001320007001";
        AlarmRaised a = alarm(device, "4", T0);

        bus.publish(Addresses.DEVICE_ALARM, a);
        bus.publish(Addresses.DEVICE_ALARM, a); // a second replica's copy, or a redelivery

        eventually(() -> items("?deviceId=" + device).size() == 1, "the alarm listed");
        JsonObject listed = items("?deviceId=" + device).getJsonObject(0);
        assertEquals(a.alarmId(), listed.getString("alarmId"));
        assertEquals("4", listed.getString("priority"));
        assertEquals("motion 移动侦测", listed.getString("description"));
        assertEquals(116.39, listed.getDouble("longitude"));
        assertEquals("2025-04-18T18:13:20Z", listed.getString("receivedAt"));
        assertNull(listed.getString("rawBody"), "the raw body only for one alarm");
        JsonObject one = api.get("/api/v1/alarms/" + a.alarmId()).json();
        assertEquals("<Notify><CmdType>Alarm</CmdType></Notify>", one.getString("rawBody"));
        assertEquals(a.channelId(), one.getString("channelId"));
        assertEquals(404, api.get("/api/v1/alarms/" + UUID.randomUUID()).status());
        assertEquals(400, api.get("/api/v1/alarms/not-a-uuid").status());
    }

    @Test
    void alarmsArePagedNewestFirstByCursorAndFiltered() {
        String device = "34020000001320007002";
        for (int i = 0; i < 7; i++) {
            bus.publish(Addresses.DEVICE_ALARM, alarm(device, i % 2 == 0 ? "1" : "3", T0 + i * 1000L));
        }
        eventually(() -> items("?deviceId=" + device + "&limit=100").size() == 7, "seven alarms");

        Set<String> seen = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            TestApi.Response r = api.get("/api/v1/alarms?deviceId=" + device + "&limit=3" + (next == null ? "" : "&after=" + next));
            r.json().getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("alarmId")));
            next = r.json().getString("next");
            pages++;
        } while (next != null && pages < 10);
        assertEquals(7, seen.size(), "every alarm once over the pages");
        assertEquals(3, pages);

        assertEquals(4, items("?deviceId=" + device + "&priority=1").size());
        assertEquals(3, items("?deviceId=" + device + "&method=5&priority=3").size());
        assertEquals(5, items("?deviceId=" + device + "&since=2025-04-18T18:13:22Z").size());
        assertEquals(2, items("?deviceId=" + device + "&until=" + (T0 + 2000)).size());
        assertEquals(0, items("?channelId=34020000001340000099").size());
        JsonArray newestFirst = items("?deviceId=" + device);
        assertTrue(newestFirst.getJsonObject(0).getString("receivedAt").compareTo(
                newestFirst.getJsonObject(6).getString("receivedAt")) > 0);
        assertEquals(400, api.get("/api/v1/alarms?since=yesterday").status());
        assertEquals(400, api.get("/api/v1/alarms?after=-3").status());
        assertEquals(400, api.get("/api/v1/alarms?deviceId=123").status());
    }

    @Test
    void theLiveFeedStreamsAlarmsAsServerSentEventsWithTheTokenInTheQuery() throws Exception {
        String device = "34020000001320007003";
        HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + api.verticle().port()
                + "/api/v1/alarms/stream?deviceId=" + device + "&access_token=" + TestApi.ADMIN).toURL().openConnection();
        c.setReadTimeout(10_000);
        assertEquals(200, c.getResponseCode());
        assertTrue(c.getContentType().startsWith("text/event-stream"));
        AlarmRaised other = alarm("34020000001320007004", "1", T0);
        AlarmRaised mine = alarm(device, "2", T0);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            bus.publish(Addresses.DEVICE_ALARM, other);
            bus.publish(Addresses.DEVICE_ALARM, mine);
            String line;
            String data = null;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    data = line.substring(6);
                    break;
                }
                assertFalse(line.contains(other.alarmId()), "filtered to the device asked for");
            }
            JsonObject event = new JsonObject(data);
            assertEquals(mine.alarmId(), event.getString("alarmId"));
            assertEquals("2", event.getString("priority"));
        } finally {
            c.disconnect();
        }
        HttpURLConnection noToken = (HttpURLConnection) URI.create("http://127.0.0.1:" + api.verticle().port()
                + "/api/v1/alarms?access_token=" + TestApi.ADMIN).toURL().openConnection();
        assertEquals(401, noToken.getResponseCode(), "a token in the query only for the stream");
    }

    @Test
    void positionsAreStoredAndListedSince() {
        String device = "34020000001320007005";
        bus.publish(Addresses.DEVICE_ONLINE, DeviceEvents.online(device, T0));
        bus.publish(Addresses.DEVICE_POSITION, new MobilePosition(device, device, "2025-04-22T11:26:02", 116.1, 39.1,
                20.0, 90.0, null, T0));
        bus.publish(Addresses.DEVICE_POSITION, new MobilePosition(device, device, "2025-04-22T11:26:07", 116.2, 39.2,
                21.0, 91.0, 50.0, T0 + 5000));

        String path = "/api/v1/devices/" + device + "/positions";
        eventually(() -> api.get(path).status() == 200 && api.get(path).json().getJsonArray("items").size() == 2,
                "two positions");
        JsonObject newest = api.get(path).json().getJsonArray("items").getJsonObject(0);
        assertEquals(116.2, newest.getDouble("longitude"));
        assertEquals(50.0, newest.getDouble("altitude"));
        assertEquals(1, api.get(path + "?since=" + (T0 + 1000)).json().getJsonArray("items").size());
        assertEquals(404, api.get("/api/v1/devices/34020000001320007999/positions").status());
    }

    @Test
    void anOfflineDeviceHasNoSubscriptions() {
        String device = "34020000001320007006";
        bus.publish(Addresses.DEVICE_ONLINE, DeviceEvents.online(device, T0));
        eventually(() -> api.get("/api/v1/devices/" + device).status() == 200, "device known");

        JsonObject subs = api.get("/api/v1/devices/" + device + "/subscriptions").json();

        assertEquals(false, subs.getBoolean("online"));
        assertEquals(0, subs.getJsonArray("subscriptions").size());
    }
}
