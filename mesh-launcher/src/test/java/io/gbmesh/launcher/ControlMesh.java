package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;

import io.gbmesh.api.ApiRole;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.Future;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A gateway listening on UDP and TCP, the api-service role (HTTP, MQTT, embedded database) and two
 * simulated PTZ cameras, one registered over UDP and one over TCP, online with their catalogs: the
 * mesh the control tests and the PTZ round-trip benchmark ({@code bench.PtzRoundTripBench}) drive through the HTTP API.
 */
public final class ControlMesh implements AutoCloseable {
    static final String ADMIN_TOKEN = "control-tests-admin-token-0123456789";

    final Vertx vertx = Vertx.vertx();
    final ApiRole api;
    final DeviceSimulator udp;
    final DeviceSimulator tcp;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    public record Response(int status, String body) {
        JsonObject json() {
            return new JsonObject(body);
        }
    }

    static int freePort() throws Exception {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }

    public ControlMesh(String name, Path dataDir, int firstSerial) throws Exception {
        this(name, dataDir, firstSerial, io.gbmesh.simulator.media.MediaOptions.DEFAULT);
    }

    /** The same mesh whose cameras stream as {@code media} says (another capture, for one). */
    public ControlMesh(String name, Path dataDir, int firstSerial, io.gbmesh.simulator.media.MediaOptions media) throws Exception {
        int sipPort = freePort();
        await(vertx.deployVerticle(new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_AUTH", "off",
                "GB_SIP_HOST", "127.0.0.1", "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-" + name,
                "GB_QUERY_TIMEOUT_MS", "4000", "GB_LIVENESS_SWEEP_MS", "500"))))));
        api = await(ApiRole.deploy(vertx, new Env(Map.ofEntries(
                Map.entry("GB_HTTP_HOST", "127.0.0.1"), Map.entry("GB_HTTP_PORT", "0"),
                Map.entry("GB_MQTT_HOST", "127.0.0.1"), Map.entry("GB_MQTT_PORT", "0"),
                Map.entry("GB_DATA_DIR", dataDir.toString()), Map.entry("GB_PG_POOL_SIZE", "4"),
                Map.entry("GB_ADMIN_TOKEN", ADMIN_TOKEN), Map.entry("GB_MEDIA_URL_SECRET", OneJvmMesh.MEDIA_URL_SECRET),
                Map.entry("GB_API_STALE_GRACE_MS", "1000"), Map.entry("GB_API_STALE_SWEEP_MS", "1000")))));
        SimulatorConfig base = SimulatorConfig.of("127.0.0.1", sipPort).withChannels(2, 2, 0).withMedia(media);
        udp = await(DeviceSimulator.start(vertx, base.withCount(1, "3402000000132", firstSerial)));
        tcp = await(DeviceSimulator.start(vertx, base.withTransport(SipTransport.TCP).withCount(1, "3402000000132", firstSerial + 1)));
        AsyncMap<String, String> channels = await(vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP));
        for (SimulatedDevice d : new SimulatedDevice[] {udp.device(0), tcp.device(0)}) {
            eventually(d.deviceId() + " online with its catalog", Duration.ofSeconds(15), () -> {
                try {
                    return await(channels.get(d.deviceId())) != null;
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    String base() {
        return "http://127.0.0.1:" + api.httpPort() + "/api/v1";
    }

    public Response send(String method, String path, String body) throws Exception {
        return send(method, path, body, ADMIN_TOKEN);
    }

    Response send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(20))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("content-type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Response(r.statusCode(), r.body());
    }

    /** An MQTT client of the api-service's endpoint that sends commands and waits for their replies. */
    final class MqttPeer implements AutoCloseable {
        private final MqttClient client;
        private final String clientId;
        private final BlockingQueue<MqttPublishMessage> replies = new LinkedBlockingQueue<>();

        MqttPeer(String clientId, String token) throws Exception {
            this.clientId = clientId;
            client = MqttClient.create(vertx, new MqttClientOptions().setClientId(clientId).setUsername("app").setPassword(token));
            client.publishHandler(replies::add);
            await(client.connect(api.mqttPort(), "127.0.0.1"));
            await(client.subscribe("gb/reply/" + clientId + "/+", 1));
        }

        JsonObject command(String requestId, String json) throws Exception {
            await(client.publish("gb/cmd/" + clientId + "/" + requestId, Buffer.buffer(json), MqttQoS.AT_LEAST_ONCE, false, false));
            long deadline = System.currentTimeMillis() + 20_000;
            while (System.currentTimeMillis() < deadline) {
                MqttPublishMessage m = replies.poll(100, TimeUnit.MILLISECONDS);
                if (m != null && m.topicName().endsWith("/" + requestId)) {
                    return m.payload().toJsonObject();
                }
            }
            throw new AssertionError("no reply to " + requestId);
        }

        @Override
        public void close() throws Exception {
            if (client.isConnected()) {
                await(client.disconnect());
            }
        }
    }

    MqttPeer mqtt(String clientId, String token) throws Exception {
        return new MqttPeer(clientId, token);
    }

    /** The camera registered over UDP, or over TCP. */
    public SimulatedDevice device(boolean tcpCamera) {
        return (tcpCamera ? tcp : udp).device(0);
    }

    @Override
    public void close() throws Exception {
        await(Future.join(udp.close(), tcp.close()));
        await(vertx.close());
    }
}
