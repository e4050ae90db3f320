package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.eventually;
import static io.gbmesh.api.store.DeviceEvents.T0;
import static io.gbmesh.api.store.DeviceEvents.catalog;
import static io.gbmesh.api.store.DeviceEvents.channel;
import static io.gbmesh.api.store.DeviceEvents.deviceId;
import static io.gbmesh.api.store.DeviceEvents.info;
import static io.gbmesh.api.store.DeviceEvents.offline;
import static io.gbmesh.api.store.DeviceEvents.online;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.auth.SipHa1;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.Transport;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The devices as the HTTP API shows them, fed by the gateway's events on the event bus. */
class DeviceApiTest {
    private static TestApi api;
    private static EventBus bus;

    @BeforeAll
    static void start() {
        api = TestApi.start("devapi");
        bus = api.vertx.eventBus();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String channelOf(String deviceId, int n) {
        return deviceId.substring(0, 10) + "131" + String.format("%07d", n);
    }

    private static void awaitDevice(String id) {
        eventually(() -> api.get("/api/v1/devices/" + id).status() == 200, "device " + id + " listed");
    }

    @Test
    void devicesAndChannelsAppearWhenTheGatewayPublishesThem() {
        String id = deviceId(101);
        bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
        bus.publish(Addresses.DEVICE_INFO, info(id, "Hikvision", T0 + 1));
        bus.publish(Addresses.DEVICE_CATALOG, catalog(id, true, T0 + 2,
                List.of(channel(channelOf(id, 1), "Gate", "ON"), channel(channelOf(id, 2), "Yard", "OFF")), List.of()));

        // the ingest writes up to four batches at once: the catalog may be stored before the info
        eventually(() -> api.get("/api/v1/devices/" + id + "/channels").status() == 200
                && api.get("/api/v1/devices/" + id + "/channels").json().getInteger("total") == 2
                && "Hikvision".equals(api.get("/api/v1/devices/" + id).json().getString("manufacturer")),
                "two channels and the device info");

        JsonObject device = api.get("/api/v1/devices/" + id).json();
        assertEquals(id, device.getString("deviceId"));
        assertTrue(device.getBoolean("online"));
        assertEquals("Hikvision", device.getString("manufacturer"));
        assertEquals("DS-2CD2T47", device.getString("model"));
        assertEquals("IP CAMERA", device.getString("deviceName"));
        assertEquals("UDP", device.getString("transport"));
        assertEquals("192.168.1.64", device.getString("remoteHost"));
        assertEquals("gw-1", device.getString("gatewayNode"));
        assertEquals(2, device.getInteger("channelsKnown"));

        JsonArray channels = api.get("/api/v1/devices/" + id + "/channels").json().getJsonArray("items");
        JsonObject gate = channels.getJsonObject(0);
        assertEquals(channelOf(id, 1), gate.getString("channelId"));
        assertEquals("Gate", gate.getString("name"));
        assertEquals("ON", gate.getString("status"));
        assertTrue(gate.getBoolean("online"));
        assertEquals("Hikvision", gate.getString("manufacturer"));
        assertEquals("IP Camera", gate.getString("model"));
        assertEquals(1, gate.getInteger("ptzType"));
        assertTrue(gate.containsKey("parentId"));
        assertEquals("OFF", channels.getJsonObject(1).getString("status"));
        assertFalse(channels.getJsonObject(1).getBoolean("online"));

        assertTrue(ids(api.get("/api/v1/devices?q=HIKV").json()).contains(id), "found by manufacturer");
        assertTrue(ids(api.get("/api/v1/devices?online=true").json()).contains(id));
        assertFalse(ids(api.get("/api/v1/devices?online=false").json()).contains(id));
    }

    @Test
    void theChannelListComesAPageAtATimeWithACursor() {
        String id = deviceId(131);
        List<io.gbmesh.contracts.Channel> five = new java.util.ArrayList<>();
        for (int n = 1; n <= 5; n++) {
            five.add(channel(channelOf(id, n), "C" + n, "ON"));
        }
        bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
        bus.publish(Addresses.DEVICE_CATALOG, catalog(id, true, T0 + 1, five, List.of()));
        String path = "/api/v1/devices/" + id + "/channels";
        eventually(() -> api.get(path).status() == 200 && api.get(path).json().getInteger("total") == 5, "five channels");

        JsonObject all = api.get(path).json();
        assertEquals(100, all.getInteger("limit"), "the default page");
        assertFalse(all.containsKey("next"), "one page holds them all");

        List<String> seen = new java.util.ArrayList<>();
        JsonObject page = api.get(path + "?limit=2").json();
        List<Integer> sizes = new java.util.ArrayList<>();
        while (true) {
            assertEquals(5, page.getInteger("total"));
            page.getJsonArray("items").forEach(c -> seen.add(((JsonObject) c).getString("channelId")));
            sizes.add(page.getJsonArray("items").size());
            if (!page.containsKey("next")) {
                break;
            }
            page = api.get(path + "?limit=2&after=" + page.getString("next")).json();
        }
        assertEquals(List.of(2, 2, 1), sizes);
        assertEquals(List.of(channelOf(id, 1), channelOf(id, 2), channelOf(id, 3), channelOf(id, 4), channelOf(id, 5)), seen);
        assertEquals(400, api.get(path + "?limit=0").status());
        assertEquals(400, api.get(path + "?limit=1001").status());
        assertEquals(200, api.get(path + "?limit=1000").status());
        assertEquals(400, api.get(path + "?after=" + "9".repeat(65)).status());
    }

    @Test
    void historyRecordsOnlineAndOfflineWithTheReason() {
        String id = deviceId(102);
        bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
        eventually(() -> api.get("/api/v1/devices/" + id + "/history").json().getInteger("total", 0) == 1, "online");
        bus.publish(Addresses.DEVICE_OFFLINE, offline(id, T0 + 60_000));
        eventually(() -> api.get("/api/v1/devices/" + id + "/history").json().getInteger("total") == 2, "offline");

        JsonArray items = api.get("/api/v1/devices/" + id + "/history").json().getJsonArray("items");
        assertEquals("OFFLINE", items.getJsonObject(0).getString("kind"));
        assertEquals("KEEPALIVE_TIMEOUT", items.getJsonObject(0).getString("reason"));
        assertEquals("2023-11-14T22:14:20Z", items.getJsonObject(0).getString("at"));
        assertEquals("ONLINE", items.getJsonObject(1).getString("kind"));
        assertNull(items.getJsonObject(1).getString("reason"));
        assertFalse(api.get("/api/v1/devices/" + id).json().getBoolean("online"));

        JsonObject page = api.get("/api/v1/devices/" + id + "/history?limit=1&offset=1").json();
        assertEquals(2, page.getInteger("total"));
        assertEquals(1, page.getJsonArray("items").size());
        assertEquals("ONLINE", page.getJsonArray("items").getJsonObject(0).getString("kind"));
    }

    @Test
    void aRepeatedEventChangesNothing() {
        String id = deviceId(103);
        List<MeshMessage> events = List.of(online(id, T0), info(id, "Dahua", T0 + 1),
                catalog(id, true, T0 + 2, List.of(channel(channelOf(id, 1), "Hall", "ON")), List.of()),
                offline(id, T0 + 3));
        double before = api.eventsWritten();
        publish(events);
        eventually(() -> api.eventsWritten() >= before + events.size(), "first delivery written");
        String device = api.get("/api/v1/devices/" + id).body();
        String channels = api.get("/api/v1/devices/" + id + "/channels").body();
        String history = api.get("/api/v1/devices/" + id + "/history").body();

        publish(events);
        eventually(() -> api.eventsWritten() >= before + 2 * events.size(), "second delivery written");

        assertEquals(device, api.get("/api/v1/devices/" + id).body());
        assertEquals(channels, api.get("/api/v1/devices/" + id + "/channels").body());
        assertEquals(history, api.get("/api/v1/devices/" + id + "/history").body());
    }

    private static void publish(List<MeshMessage> events) {
        events.forEach(e -> bus.publish(switch (e.getClass().getSimpleName()) {
            case "DeviceOnline" -> Addresses.DEVICE_ONLINE;
            case "DeviceOffline" -> Addresses.DEVICE_OFFLINE;
            case "DeviceInfoUpdated" -> Addresses.DEVICE_INFO;
            default -> Addresses.DEVICE_CATALOG;
        }, e));
    }

    @Test
    void devicesAreStillListedAfterTheServiceRestartsOnTheSameDatabase() {
        String id = deviceId(104);
        String gone = deviceId(114);
        AsyncMap<String, String> registry = await(api.vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        long now = System.currentTimeMillis();
        // the gateway still holds id; gone is recorded online but its registration is not in the cluster any more
        await(registry.put(id, MeshCodec.toJsonString(new DeviceRegistration(id, "gw-1", Transport.UDP, "10.0.0.4",
                5060, "sip:" + id + "@10.0.0.4:5060", now, now + 3_600_000, now, 60, 3, null))));
        try {
            bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
            bus.publish(Addresses.DEVICE_INFO, info(id, "Uniview", T0 + 1));
            bus.publish(Addresses.DEVICE_ONLINE, online(gone, T0));
            eventually(() -> "Uniview".equals(api.get("/api/v1/devices/" + id).json().getString("manufacturer"))
                    && api.get("/api/v1/devices/" + gone).status() == 200, "stored");

            api.restart();

            JsonObject device = api.get("/api/v1/devices/" + id).json();
            assertTrue(device.getBoolean("online"));
            assertEquals("Uniview", device.getString("manufacturer"));
            assertTrue(ids(api.get("/api/v1/devices?q=" + id).json()).contains(id));
            eventually(() -> !api.get("/api/v1/devices/" + gone).json().getBoolean("online"),
                    "a device the registry does not hold is offline until it comes back");
            JsonObject last = api.get("/api/v1/devices/" + gone + "/history").json().getJsonArray("items").getJsonObject(0);
            assertEquals("OFFLINE", last.getString("kind"));
            assertEquals("NOT_IN_REGISTRY", last.getString("reason"));
            assertTrue(api.get("/api/v1/devices/" + id).json().getBoolean("online"), "the one the gateway holds stays online");
        } finally {
            await(registry.remove(id));
        }
    }

    @Test
    void anOnlineDeviceCarriesItsLiveRegistration() {
        String id = deviceId(105);
        bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
        awaitDevice(id);
        AsyncMap<String, String> registry = await(api.vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        DeviceRegistration live = new DeviceRegistration(id, "gw-7", Transport.TCP, "10.0.0.9", 5061,
                "sip:" + id + "@10.0.0.9:5061", T0, T0 + 3_600_000, T0 + 120_000, 30, 3,
                new DeviceInfo(id, "IP CAMERA", "Hikvision", "DS-2CD2T47", "V5.7.3", 1));
        await(registry.put(id, MeshCodec.toJsonString(live)));
        try {
            JsonObject l = api.get("/api/v1/devices/" + id).json().getJsonObject("live");
            assertEquals("gw-7", l.getString("gatewayNode"));
            assertEquals("TCP", l.getString("transport"));
            assertEquals("10.0.0.9", l.getString("remoteHost"));
            assertEquals(5061, l.getInteger("remotePort"));
            assertEquals("2023-11-14T22:15:20Z", l.getString("lastKeepaliveAt"));
            assertEquals(30, l.getInteger("heartbeatInterval"));

            JsonObject listed = api.get("/api/v1/devices?q=" + id).json().getJsonArray("items").getJsonObject(0);
            assertEquals("gw-7", listed.getJsonObject("live").getString("gatewayNode"));

            String onlyLive = deviceId(106);
            await(registry.put(onlyLive, MeshCodec.toJsonString(new DeviceRegistration(onlyLive, "gw-7", Transport.UDP,
                    "10.0.0.10", 5060, null, T0, T0 + 3_600_000, T0, 60, 3, null))));
            JsonObject fromRegistry = api.get("/api/v1/devices/" + onlyLive).json();
            assertTrue(fromRegistry.getBoolean("online"), "a registration not yet stored is shown from the registry");
            assertEquals("gw-7", fromRegistry.getJsonObject("live").getString("gatewayNode"));
            await(registry.remove(onlyLive));
        } finally {
            await(registry.remove(id));
        }
        assertNull(api.get("/api/v1/devices/" + id).json().getValue("live"));
    }

    @Test
    void aNameAndAPasswordAreStoredAndThePasswordReachesTheGateways() {
        String id = deviceId(107);
        bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
        awaitDevice(id);
        AsyncMap<String, String> passwords = await(api.vertx.sharedData().getAsyncMap("gb.device.passwords"));

        TestApi.Response r = api.send("PATCH", "/api/v1/devices/" + id, "{\"name\":\"Gate 1\",\"password\":\"s3cret-1\"}",
                TestApi.ADMIN);
        assertEquals(200, r.status(), r.body());
        assertEquals("Gate 1", r.json().getString("name"));
        assertTrue(r.json().getBoolean("hasPassword"));
        assertFalse(r.body().contains("s3cret-1"), "the password is never shown");
        // the gateways get the HA1, all digest verification needs, never the password
        assertEquals(SipHa1.of(id, "3402000000", "s3cret-1"), await(passwords.get(id)));
        assertTrue(ids(api.get("/api/v1/devices?q=gate%201").json()).contains(id), "found by alias");

        r = api.send("PATCH", "/api/v1/devices/" + id, "{\"password\":null}", TestApi.ADMIN);
        assertEquals(200, r.status(), r.body());
        assertFalse(r.json().getBoolean("hasPassword"));
        assertEquals("Gate 1", r.json().getString("name"));
        assertNull(await(passwords.get(id)));
    }

    @Test
    void storedPasswordsAreHandedToTheGatewaysAtStart() {
        String id = deviceId(108);
        assertEquals(200, api.send("PATCH", "/api/v1/devices/" + id, "{\"password\":\"before-first-register\"}",
                TestApi.ADMIN).status(), "a password may be provisioned before the device registers");
        assertFalse(api.get("/api/v1/devices/" + id).json().getBoolean("online"));
        AsyncMap<String, String> passwords = await(api.vertx.sharedData().getAsyncMap("gb.device.passwords"));
        await(passwords.clear());

        api.restart();

        assertEquals(SipHa1.of(id, "3402000000", "before-first-register"), await(passwords.get(id)));
    }

    @Test
    void anOfflineDeviceIsForgottenWithItsHistory() {
        String id = deviceId(109);
        bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
        bus.publish(Addresses.DEVICE_OFFLINE, offline(id, T0 + 1000));
        eventually(() -> api.get("/api/v1/devices/" + id + "/history").json().getInteger("total", 0) == 2, "offline");

        assertEquals(204, api.send("DELETE", "/api/v1/devices/" + id, null, TestApi.ADMIN).status());

        assertEquals(404, api.get("/api/v1/devices/" + id).status());
        assertEquals(404, api.get("/api/v1/devices/" + id + "/history").status());
    }

    @Test
    void aRefreshAnswersWithWhatTheDeviceSaid() {
        String id = deviceId(110);
        bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
        awaitDevice(id);
        MessageConsumer<MeshMessage> gateway = bus.consumer(Addresses.DEVICE_QUERY,
                msg -> msg.reply(new DeviceInfo(id, "IP CAMERA", "Hikvision", "DS-2CD2T47", "V5.8.0", 4)));
        await(gateway.completion());
        try {
            TestApi.Response r = api.send("POST", "/api/v1/devices/" + id + "/refresh/device-info", null, TestApi.ADMIN);
            assertEquals(200, r.status(), r.body());
            assertEquals("V5.8.0", r.json().getString("firmware"));
            assertEquals(4, r.json().getInteger("channelCount"));
            assertFalse(r.json().containsKey("@type"));
        } finally {
            await(gateway.unregister());
        }
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").stream().map(o -> ((JsonObject) o).getString("deviceId"))
                .collect(Collectors.toList());
    }
}
