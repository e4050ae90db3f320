package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiRole;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.EventOptions;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarms end to end, over real sockets, a real PostgreSQL and real MQTT clients: a simulated camera
 * (subscribed to, or refusing subscriptions and reporting by MESSAGE) and sipp as an independent alarm
 * sender; each alarm is stored, listed by the HTTP API and seen by {@code mosquitto_sub} on
 * {@code gb/devices/+/alarms}.
 */
class AlarmEndToEndTest {
    private static final String ADMIN = "gbm_alarm-e2e-0123456789abcdef";
    @TempDir
    static Path dataDir;
    private static Vertx vertx;
    private static ApiRole api;
    /** Subscribes to devices (the default set). */
    private static int subscribingPort;
    /** Sends no queries and no SUBSCRIBE, so that a scripted sipp device hears nothing it did not expect. */
    private static int quietPort;
    private static GatewayVerticle quietGateway;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        subscribingPort = freePort();
        quietPort = freePort();
        await(vertx.deployVerticle(new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_AUTH", "off",
                "GB_SIP_HOST", "127.0.0.1", "GB_SIP_PORT", Integer.toString(subscribingPort), "GB_NODE_ID", "gw-subscribing",
                "GB_SUBSCRIBE_EXPIRES", "60"))))));
        quietGateway = new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_AUTH", "off",
                "GB_SIP_HOST", "127.0.0.1", "GB_SIP_PORT", Integer.toString(quietPort), "GB_NODE_ID", "gw-quiet",
                "GB_SUBSCRIBE", "none", "GB_QUERY_ON_ONLINE", "false"))));
        await(vertx.deployVerticle(quietGateway));
        api = await(ApiRole.deploy(vertx, new Env(Map.of("GB_HTTP_HOST", "127.0.0.1", "GB_HTTP_PORT", "0",
                "GB_MQTT_HOST", "127.0.0.1", "GB_MQTT_PORT", "0", "GB_DATA_DIR", dataDir.toString(),
                "GB_PG_POOL_SIZE", "4", "GB_ADMIN_TOKEN", ADMIN, "GB_MEDIA_URL_SECRET", "alarm-e2e-media-url-secret"))));
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void aSubscribedCamerasAlarmAndPositionAreStoredListedAndPublished() throws Exception {
        DeviceSimulator camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", subscribingPort)
                .withCount(1, "3402000000132", 8101)));
        SimulatedDevice device = camera.device(0);
        String id = device.deviceId();
        try (MqttWatch alarms = MqttWatch.start(api.mqttPort(), "gb/devices/+/alarms")) {
            eventually("the camera subscribed to catalog, alarm and position", Duration.ofSeconds(20),
                    () -> device.subscribedKinds().size() == 3);
            eventually("three active subscriptions shown by the API", Duration.ofSeconds(20),
                    () -> subscriptions(id).stream().filter(s -> ((JsonObject) s).getString("state").equals("active"))
                    .count() == 3);

            assertEquals(200, await(device.raiseAlarm("2", "5", "2", "simulated intrusion")));

            assertEquals(1, device.notifiesSent(), "the alarm went in the subscription's NOTIFY");
            String line = alarms.next(l -> l.startsWith("gb/devices/" + id + "/alarms "));
            JsonObject published = new JsonObject(line.substring(line.indexOf(' ') + 1));
            assertEquals("NOTIFY", published.getString("via"));
            JsonObject stored = listed(id);
            assertEquals(published.getString("alarmId"), stored.getString("alarmId"));
            assertEquals("simulated intrusion", stored.getString("description"));
            assertEquals("2", stored.getString("priority"));
        }

        await(device.reportPosition(116.4, 39.9, 30, 90));
        String path = "/api/v1/devices/" + id + "/positions";
        eventually("the position stored", Duration.ofSeconds(20), () -> get(path).getJsonArray("items").size() == 1);
        assertEquals(116.4, get(path).getJsonArray("items").getJsonObject(0).getDouble("longitude"));
        try (MqttWatch position = MqttWatch.start(api.mqttPort(), "gb/devices/" + id + "/position")) {
            assertTrue(position.next(l -> l.startsWith("gb/devices/")).contains("\"longitude\":116.4"), "the retained position");
        }
        await(camera.close());
    }

    @Test
    void aCameraRefusingSubscriptionsReportsByMessageAndIsConfirmed() throws Exception {
        DeviceSimulator camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", subscribingPort)
                .withCount(1, "3402000000132", 8102).withEvents(EventOptions.DEFAULT.withSubscribeStatus(403))));
        SimulatedDevice device = camera.device(0);
        String id = device.deviceId();
        eventually("three refused subscriptions shown by the API", Duration.ofSeconds(20),
                () -> subscriptions(id).stream().filter(s -> ((JsonObject) s).getString("state").equals("refused"))
                .count() == 3);
        try (MqttWatch alarms = MqttWatch.start(api.mqttPort(), "gb/devices/+/alarms")) {
            assertEquals(200, await(device.raiseAlarm("1", "2", "1", "by MESSAGE")));

            eventually("the platform's Response Alarm", Duration.ofSeconds(20), () -> device.alarmsConfirmed() == 1);
            alarms.next(l -> l.startsWith("gb/devices/" + id + "/alarms "));
            assertEquals("MESSAGE", listed(id).getString("via"));
            assertEquals(3, device.subscribesReceived(), "asked once per kind, not again");
        }
        await(camera.close());
    }

    @Test
    void sippsAlarmNotifyIsStoredListedAndSeenByMosquittoSub() throws Exception {
        String id = "34020000001320008103";
        Path scenario = dataDir.resolve("alarm-notify.xml");
        Path confirmation = dataDir.resolve("alarm-confirmation.xml");
        for (Path p : List.of(scenario, confirmation)) {
            try (InputStream in = getClass().getResourceAsStream("/sipp/" + p.getFileName())) {
                Files.write(p, in.readAllBytes());
            }
        }
        Path users = dataDir.resolve("alarm-users.csv");
        Files.writeString(users, "SEQUENTIAL\n" + id + ";3402000000;34020000002000000001\n", StandardCharsets.UTF_8);
        try (MqttWatch alarms = MqttWatch.start(api.mqttPort(), "gb/devices/+/alarms")) {
            Process sipp = new ProcessBuilder("sipp", "127.0.0.1:" + quietPort, "-sf", scenario.toString(), "-oocsf", confirmation.toString(), "-inf",
                    users.toString(), "-m", "1", "-l", "1", "-i", "127.0.0.1", "-p", Integer.toString(freePort()), "-t", "u1",
                    "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err")
                    .directory(dataDir.toFile()).redirectErrorStream(true).start();
            String output = new String(sipp.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(sipp.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, sipp.exitValue(), "sipp's alarm answered 200: " + output);
            eventually("sipp answered the Response Alarm confirmation 200", Duration.ofSeconds(20),
                    () -> quietGateway.stats().snapshot().getOrDefault("alarm.confirmed", 0L) == 1);

            String line = alarms.next(l -> l.startsWith("gb/devices/" + id + "/alarms "));
            JsonObject published = new JsonObject(line.substring(line.indexOf(' ') + 1));
            assertEquals("4", published.getString("priority"));
            assertEquals("sipp intrusion", published.getString("description"));
            JsonObject stored = listed(id);
            assertEquals(published.getString("alarmId"), stored.getString("alarmId"));
            assertEquals("5", stored.getString("method"));
            assertEquals("2", stored.getString("type"));
            assertEquals("2025-04-22T11:26:02", stored.getString("alarmTime"));
            JsonObject one = get("/api/v1/alarms/" + stored.getString("alarmId"));
            assertTrue(one.getString("rawBody").contains("<AlarmDescription>sipp intrusion</AlarmDescription>"));
        }
    }

    /** The device's newest stored alarm, waiting until there is one. */
    private static JsonObject listed(String deviceId) {
        String path = "/api/v1/alarms?deviceId=" + deviceId;
        eventually("an alarm of " + deviceId + " stored", Duration.ofSeconds(20),
                () -> !get(path).getJsonArray("items").isEmpty());
        return get(path).getJsonArray("items").getJsonObject(0);
    }

    private static JsonArray subscriptions(String deviceId) {
        return get("/api/v1/devices/" + deviceId + "/subscriptions").getJsonArray("subscriptions", new JsonArray());
    }

    private static JsonObject get(String path) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.httpPort() + path))
                    .header("Authorization", "Bearer " + ADMIN).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? new JsonObject(r.body()) : new JsonObject();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * {@code mosquitto_sub} on a topic filter, its lines read as they come; ready once the endpoint acknowledged
     * the subscription (its debug output's SUBACK); its output line-buffered ({@code stdbuf -oL}) so that lines come as printed.
     */
    static final class MqttWatch implements AutoCloseable {
        private final Process process;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        private MqttWatch(Process process) {
            this.process = process;
            Thread reader = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        lines.add(line);
                    }
                } catch (Exception ended) {
                    // the process was stopped
                }
            }, "mosquitto_sub-reader");
            reader.setDaemon(true);
            reader.start();
        }

        static MqttWatch start(int port, String filter) throws Exception {
            MqttWatch w = new MqttWatch(new ProcessBuilder("stdbuf", "-oL", "mosquitto_sub", "-h", "127.0.0.1", "-p", Integer.toString(port),
                    "-u", "e2e", "-P", ADMIN, "-t", filter, "-v", "-d", "-q", "1", "-W", "60")
                    .redirectErrorStream(true).start());
            w.next(l -> l.contains("SUBACK"));
            return w;
        }

        /** The next line matching, within 20 s. */
        String next(Predicate<String> match) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<String> seen = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                String line = lines.poll(200, TimeUnit.MILLISECONDS);
                if (line != null && match.test(line)) {
                    return line;
                }
                if (line != null) {
                    seen.add(line);
                }
            }
            throw new AssertionError("mosquitto_sub printed no matching line in 20 s; it printed " + seen);
        }

        @Override
        public void close() {
            process.destroy();
        }
    }

    /** A loopback port free for both UDP and TCP (SIP listens on both). */
    private static int freePort() throws Exception {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }
}
