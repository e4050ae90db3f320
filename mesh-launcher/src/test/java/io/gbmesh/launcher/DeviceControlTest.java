package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.simulator.DeviceControls;
import io.gbmesh.simulator.PtzState;
import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Device control end to end, for a camera registered over UDP and one over TCP: each HTTP call goes
 * through the gateway to the simulated device as a GB/T 28181 MESSAGE, and its effect is read from
 * the device: the dome moved and stopped, a preset recalled its position, guard and recording set,
 * the device rebooted (offline, then online again), the gateway's liveness follows a new heartbeat.
 */
class DeviceControlTest {
    private static ControlMesh mesh;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("gbmesh-control");
        mesh = new ControlMesh("control", dataDir, 801);
    }

    @AfterAll
    static void stop() throws Exception {
        mesh.close();
    }

    static Stream<Arguments> cameras() {
        return Stream.of(Arguments.of("UDP", mesh.udp.device(0)), Arguments.of("TCP", mesh.tcp.device(0)));
    }

    private static String channel(SimulatedDevice d) {
        return d.channelIds().get(0);
    }

    private static String ptzPath(SimulatedDevice d) {
        return "/devices/" + d.deviceId() + "/channels/" + channel(d);
    }

    private static void expect(int status, ControlMesh.Response r) {
        assertEquals(status, r.status(), r.body());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void ptzMovesTheDomeUntilStop(String transport, SimulatedDevice d) throws Exception {
        PtzState dome = d.controls().ptz(channel(d));
        double before = dome.position().pan();
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"right\",\"speed\":255}"));
        assertEquals("A50F0101FF0000B5", dome.lastCommand(), "right at speed 0xFF");
        eventually("the dome pans", Duration.ofSeconds(3), () -> dome.position().pan() != before);
        assertTrue(dome.position().moving());
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"stop\"}"));
        assertEquals("A50F0100000000B5", dome.lastCommand());
        assertFalse(dome.position().moving(), "stopped");
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"zoomin\",\"speed\":255}"));
        eventually("the lens zooms in", Duration.ofSeconds(3), () -> dome.position().zoom() > 1);
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"stop\"}"));
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"irisopen\",\"speed\":80}"));
        assertEquals("A50F014400500049", dome.lastCommand(), "iris open at 0x50");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void theGatewayStopsTheDomeAfterDurationMs(String transport, SimulatedDevice d) throws Exception {
        PtzState dome = d.controls().ptz(channel(d));
        long sent = System.nanoTime();
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"left\",\"speed\":150,\"durationMs\":400}"));
        assertEquals("A50F01029600004D", dome.lastCommand(), "the reference's left at 0x96");
        assertTrue(dome.position().moving());
        eventually("the gateway's stop", Duration.ofSeconds(5), () -> !dome.position().moving());
        assertTrue((System.nanoTime() - sent) / 1_000_000 >= 400, "not before durationMs");
        assertEquals("A50F0100000000B5", dome.lastCommand());
    }

    @Test
    void aLaterCommandReplacesThePendingTimedStop() throws Exception {
        SimulatedDevice d = mesh.udp.device(0);
        PtzState dome = d.controls().ptz(channel(d));
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"left\",\"speed\":100,\"durationMs\":300}"));
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"up\",\"speed\":100,\"durationMs\":1500}"));
        long sent = System.nanoTime();
        eventually("the second motion's timed stop", Duration.ofSeconds(6), () -> !dome.position().moving());
        assertTrue((System.nanoTime() - sent) / 1_000_000 >= 1400, "the first motion's 300 ms stop did not cut the second short");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void aPresetRecallsThePositionItWasSetAt(String transport, SimulatedDevice d) throws Exception {
        PtzState dome = d.controls().ptz(channel(d));
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz/precise", "{\"pan\":40,\"tilt\":10,\"zoom\":2}"));
        assertEquals(40, dome.position().pan(), 0.001);
        expect(204, mesh.send("PUT", ptzPath(d) + "/presets/3", null));
        expect(204, mesh.send("POST", ptzPath(d) + "/ptz/precise", "{\"pan\":250,\"tilt\":-5,\"zoom\":1}"));
        JsonObject position = mesh.send("GET", ptzPath(d) + "/ptz/position", null).json();
        assertEquals(250.0, position.getDouble("pan"), 0.01);
        expect(204, mesh.send("POST", ptzPath(d) + "/presets/3/call", null));
        PtzState.Position recalled = dome.position();
        assertEquals(40, recalled.pan(), 0.001);
        assertEquals(10, recalled.tilt(), 0.001);
        assertEquals(2, recalled.zoom(), 0.001);
        assertTrue(mesh.send("GET", ptzPath(d) + "/presets", null).json().getJsonArray("presets").stream()
                .anyMatch(p -> ((JsonObject) p).getInteger("id") == 3));
        expect(204, mesh.send("DELETE", ptzPath(d) + "/presets/3", null));
        assertFalse(d.controls().presets(channel(d)).contains(3));
    }

    @Test
    void aPresetListInSeveralMessagesIsAssembled() throws Exception {
        SimulatedDevice d = mesh.udp.device(0);
        String other = d.channelIds().get(1);
        d.controls().presetPageSize(2);
        for (int n = 10; n <= 14; n++) {
            expect(204, mesh.send("PUT", "/devices/" + d.deviceId() + "/channels/" + other + "/presets/" + n, null));
        }
        JsonArray presets = mesh.send("GET", "/devices/" + d.deviceId() + "/channels/" + other + "/presets", null).json()
                .getJsonArray("presets");
        assertEquals(List.of(10, 11, 12, 13, 14), presets.stream().map(p -> ((JsonObject) p).getInteger("id")).toList(),
                "five presets from three messages");
        assertEquals("预置点 12", presets.getJsonObject(2).getString("name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void deviceCommandsReachTheDevice(String transport, SimulatedDevice d) throws Exception {
        DeviceControls c = d.controls();
        String control = "/devices/" + d.deviceId() + "/control";
        expect(204, mesh.send("POST", control, "{\"command\":\"guard\"}"));
        assertTrue(c.guarded());
        expect(204, mesh.send("POST", control, "{\"command\":\"unguard\"}"));
        assertFalse(c.guarded());
        expect(204, mesh.send("POST", control, "{\"command\":\"record\",\"channelId\":\"" + channel(d) + "\"}"));
        assertTrue(c.recording(channel(d)));
        expect(204, mesh.send("POST", control, "{\"command\":\"stop-record\",\"channelId\":\"" + channel(d) + "\"}"));
        assertFalse(c.recording(channel(d)));
        int resets = c.alarmResets();
        expect(204, mesh.send("POST", control, "{\"command\":\"alarm-reset\"}"));
        assertEquals(resets + 1, c.alarmResets());
        int frames = c.iFrames();
        expect(204, mesh.send("POST", control, "{\"command\":\"iframe\",\"channelId\":\"" + channel(d) + "\"}"));
        assertEquals(frames + 1, c.iFrames());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void homePositionCruiseTracksAndTargetTracking(String transport, SimulatedDevice d) throws Exception {
        expect(204, mesh.send("PUT", ptzPath(d) + "/home-position", "{\"enabled\":true,\"resetTime\":30,\"presetIndex\":2}"));
        JsonObject home = mesh.send("GET", ptzPath(d) + "/home-position", null).json();
        assertEquals(true, home.getBoolean("enabled"));
        assertEquals(30, home.getInteger("resetTime"));
        assertEquals(2, home.getInteger("presetIndex"));
        JsonObject tracks = mesh.send("GET", ptzPath(d) + "/cruise-tracks", null).json();
        assertEquals(1, tracks.getJsonArray("tracks").getJsonObject(0).getInteger("number"));
        JsonObject track = mesh.send("GET", ptzPath(d) + "/cruise-tracks/1", null).json();
        assertEquals(2, track.getJsonArray("points").size());
        expect(204, mesh.send("POST", ptzPath(d) + "/target-track", "{\"enabled\":true}"));
        assertTrue(d.controls().tracking(channel(d)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void aRefusedCommandIs501AnErrorResult502AndNoAnswer504(String transport, SimulatedDevice d) throws Exception {
        String control = "/devices/" + d.deviceId() + "/control";
        try {
            d.controls().refuse("GuardCmd", "Guard Not Supported");
            ControlMesh.Response refused = mesh.send("POST", control, "{\"command\":\"guard\"}");
            expect(501, refused);
            assertTrue(refused.json().getString("detail").contains("Guard Not Supported"), refused.body());
            d.controls().fail("RecordCmd", "disk full");
            ControlMesh.Response failed = mesh.send("POST", control, "{\"command\":\"record\"}");
            expect(502, failed);
            assertTrue(failed.json().getString("detail").contains("disk full"), failed.body());
            d.controls().refuse("PresetQuery", "Not Implemented");
            expect(501, mesh.send("GET", ptzPath(d) + "/presets", null));
            d.controls().withhold("AlarmCmd");
            ControlMesh.Response unanswered = mesh.send("POST", control, "{\"command\":\"alarm-reset\"}");
            expect(504, unanswered);
            assertTrue(unanswered.json().getString("detail").contains("no answer"), unanswered.body());
        } finally {
            d.controls().acceptAll();
        }
    }

    @Test
    void badInputIs400AndAnUnknownDeviceIs503() throws Exception {
        SimulatedDevice d = mesh.udp.device(0);
        expect(400, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"sideways\"}"));
        expect(400, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"left\",\"speed\":256}"));
        expect(400, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"left\",\"colour\":1}"));
        expect(400, mesh.send("PUT", ptzPath(d) + "/presets/0", null));
        expect(400, mesh.send("PUT", ptzPath(d) + "/presets/3", "{\"name\":\"gate\"}"));
        expect(400, mesh.send("POST", "/devices/" + d.deviceId() + "/control", "{\"command\":\"selfdestruct\"}"));
        expect(400, mesh.send("PUT", "/devices/" + d.deviceId() + "/config/basic", "{}"));
        expect(503, mesh.send("POST", "/devices/34020000001329999999/channels/34020000001319999999/ptz", "{\"command\":\"left\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void rebootTakesTheDeviceOfflineThenItRegistersAgain(String transport, SimulatedDevice d) throws Exception {
        int registrations = d.registrations();
        expect(204, mesh.send("POST", "/devices/" + d.deviceId() + "/control", "{\"command\":\"teleboot\"}"));
        eventually("offline after TeleBoot", Duration.ofSeconds(10), () -> online(d) == Boolean.FALSE);
        eventually("online again", Duration.ofSeconds(15), () -> online(d) == Boolean.TRUE && d.registrations() > registrations);
        assertEquals(1, d.reboots());
    }

    @Test
    void theLivenessFollowsTheHeartbeatTheDeviceAccepted() throws Exception {
        SimulatedDevice d = mesh.tcp.device(0);
        String path = "/devices/" + d.deviceId();
        expect(204, mesh.send("PUT", path + "/config/basic", "{\"heartBeatInterval\":5,\"heartBeatCount\":2}"));
        assertEquals(5, d.controls().heartBeatInterval());
        eventually("the registry's heartbeat settings", Duration.ofSeconds(5),
                () -> live(d) != null && live(d).getInteger("heartbeatInterval") == 5
                && live(d).getInteger("heartbeatCount") == 2);
        int registrations = d.registrations();
        d.pauseKeepalives();
        long paused = System.currentTimeMillis();
        // 5 s × 2 instead of the 60 s × 3 before: offline within seconds
        eventually("offline after two missed 5 s heartbeats", Duration.ofSeconds(16), () -> online(d) == Boolean.FALSE);
        assertTrue(System.currentTimeMillis() - paused < 16_000);
        d.resumeKeepalives();
        eventually("registered again", Duration.ofSeconds(20),
                () -> online(d) == Boolean.TRUE && d.registrations() > registrations);
        expect(204, mesh.send("PUT", path + "/config/basic", "{\"heartBeatInterval\":60,\"heartBeatCount\":3}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cameras")
    void mqttCommandsControlTheDomeAndAReadTokenIsRefused(String transport, SimulatedDevice d) throws Exception {
        PtzState dome = d.controls().ptz(channel(d));
        String target = ",\"deviceId\":\"" + d.deviceId() + "\",\"channelId\":\"" + channel(d) + "\"";
        try (ControlMesh.MqttPeer operator = mesh.mqtt("operator-" + transport, ControlMesh.ADMIN_TOKEN)) {
            JsonObject moved = operator.command("m1", "{\"command\":\"ptz\",\"action\":\"up\",\"speed\":200" + target + "}");
            assertEquals(true, moved.getBoolean("ok"), moved.encode());
            assertTrue(dome.position().moving(), "tilting up");
            assertEquals("up", io.gbmesh.protocol.ptz.PtzCommand.parse(dome.lastCommand()).motion().apiName());
            assertEquals(true, operator.command("m2", "{\"command\":\"ptz\",\"action\":\"stop\"" + target + "}").getBoolean("ok"));
            assertFalse(dome.position().moving());
            assertEquals(true, operator.command("m3", "{\"command\":\"ptz-precise\",\"pan\":77,\"tilt\":7,\"zoom\":3"
                    + target + "}").getBoolean("ok"));
            assertEquals(true, operator.command("m4", "{\"command\":\"preset-set\",\"preset\":9" + target + "}").getBoolean("ok"));
            expect(204, mesh.send("POST", ptzPath(d) + "/ptz/precise", "{\"pan\":300,\"tilt\":0,\"zoom\":1}"));
            assertEquals(true, operator.command("m5", "{\"command\":\"preset-call\",\"preset\":9" + target + "}").getBoolean("ok"));
            assertEquals(77, dome.position().pan(), 0.001, "preset 9 recalled");
            JsonObject presets = operator.command("m6", "{\"command\":\"presets\"" + target + "}");
            assertTrue(presets.getJsonObject("result").getJsonArray("presets").stream()
                    .anyMatch(p -> ((JsonObject) p).getInteger("id") == 9), presets.encode());
            JsonObject bad = operator.command("m7", "{\"command\":\"ptz\",\"action\":\"sideways\"" + target + "}");
            assertEquals(400, bad.getInteger("status"));
            assertEquals(true, operator.command("m8", "{\"command\":\"control\",\"action\":\"guard\",\"deviceId\":\""
                    + d.deviceId() + "\"}").getBoolean("ok"));
            assertTrue(d.controls().guarded());
            assertEquals(true, operator.command("m9", "{\"command\":\"control\",\"action\":\"unguard\",\"deviceId\":\""
                    + d.deviceId() + "\"}").getBoolean("ok"));
        }
        String readToken = mesh.send("POST", "/tokens", "{\"name\":\"viewer-" + transport + "\",\"scope\":\"read\"}").json()
                .getString("token");
        try (ControlMesh.MqttPeer viewer = mesh.mqtt("viewer-" + transport, readToken)) {
            String before = dome.lastCommand();
            JsonObject refused = viewer.command("r1", "{\"command\":\"ptz\",\"action\":\"left\"" + target + "}");
            assertEquals(403, refused.getInteger("status"), refused.encode());
            assertEquals(before, dome.lastCommand(), "nothing reached the device");
        }
        expect(403, mesh.send("POST", ptzPath(d) + "/ptz", "{\"command\":\"left\"}", readToken));
        expect(403, mesh.send("POST", "/devices/" + d.deviceId() + "/control", "{\"command\":\"guard\"}", readToken));
    }

    private static JsonObject live(SimulatedDevice d) {
        try {
            ControlMesh.Response r = mesh.send("GET", "/devices/" + d.deviceId(), null);
            return r.status() == 200 ? r.json().getJsonObject("live") : null;
        } catch (Exception e) {
            return null;
        }
    }

    private static Boolean online(SimulatedDevice d) {
        try {
            ControlMesh.Response r = mesh.send("GET", "/devices/" + d.deviceId(), null);
            return r.status() == 200 ? r.json().getBoolean("online") : null;
        } catch (Exception e) {
            return null;
        }
    }
}
