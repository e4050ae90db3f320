package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.api.streams.StreamRoutes;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatorConfig;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Live video end to end in one JVM: a simulated camera registers, a user asks for a channel's
 * live video over HTTP, the orchestrator has a media node bind a port and the gateway INVITE the
 * camera, the camera streams its real PS capture, and the HTTP-FLV the media node serves decodes
 * in ffprobe as H.264 704x576.
 */
class LiveVideoTest {
    private static Vertx vertx;
    private static int apiPort;
    private static GatewayVerticle gateway;
    private static MediaNodeVerticle media;
    private static DeviceSimulator camera;
    private static String deviceId;
    private static String channelId;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    static int freePort() throws Exception {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        int sipPort = freePort();
        gateway = new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_AUTH", "off", "GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(sipPort), "GB_NODE_ID", "gw-live"))));
        await(vertx.deployVerticle(gateway));
        int rtp = 33000 + (int) (ProcessHandle.current().pid() % 500) * 4;
        media = new MediaNodeVerticle(MediaConfig.loopback("media-live", rtp, rtp + 40), OneJvmMesh.MEDIA_URLS);
        await(vertx.deployVerticle(media));
        StreamOrchestrator orchestrator = await(StreamOrchestrator.start(vertx,
                new StreamOrchestrator.StreamSettings("3402000000", 15_000, 20_000, 2, 7_000, OneJvmMesh.MEDIA_URLS)));
        AsyncMap<String, String> registry = await(vertx.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create().setBodyLimit(16 * 1024));
        StreamRoutes routes = await(StreamRoutes.create(vertx, orchestrator,
                id -> registry.get(id).map(json -> json == null ? StreamRoutes.DeviceState.UNKNOWN : StreamRoutes.DeviceState.ONLINE),
                (ctx, failure) -> ctx.response().setStatusCode(failure.status()).putHeader("content-type", "application/problem+json")
                        .end(new JsonObject().put("status", failure.status()).put("detail", failure.getMessage()).encode())));
        routes.mount(router, "/api/v1");
        apiPort = await(vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")).actualPort();

        camera = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", sipPort).withCount(1, "3402000000132", 1)));
        deviceId = camera.device(0).deviceId();
        channelId = camera.device(0).channelIds().get(0);
        // wait for the catalog and for the media node's first load report
        AsyncMap<String, String> channels = await(vertx.sharedData().getAsyncMap(Addresses.CHANNELS_MAP));
        long deadline = System.currentTimeMillis() + 15_000;
        while (await(channels.get(deviceId)) == null && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(2500);
    }

    @AfterAll
    static void stop() throws Exception {
        if (camera != null) {
            await(camera.close());
        }
        await(vertx.close());
    }

    private static HttpResponse<String> post(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(40)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> delete(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + path))
                .DELETE().timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Saves a few seconds of the served HTTP-FLV and asks ffprobe what it is. */
    private String probe(String flvUrl, String name) throws Exception {
        Path file = dir.resolve(name + ".flv");
        HttpRequest get = HttpRequest.newBuilder(URI.create(flvUrl)).GET().build();
        HttpResponse<InputStream> resp = HTTP.send(get, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, resp.statusCode());
        try (InputStream in = resp.body(); var out = Files.newOutputStream(file)) {
            long until = System.currentTimeMillis() + 3000;
            byte[] buf = new byte[16384];
            while (System.currentTimeMillis() < until) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                out.write(buf, 0, n);
            }
        }
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "csv=p=0", file.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        // The read stops at a deadline, mostly inside a tag: ffprobe then reports the last, cut frame
        // before its answer. The answer is the last line.
        String out = new String(p.getInputStream().readAllBytes()).trim();
        return out.substring(out.lastIndexOf('\n') + 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"udp", "tcp-passive", "tcp-active"})
    void aChannelsLiveVideoPlaysOverEachTransport(String transport) throws Exception {
        HttpResponse<String> live = post("/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live?transport=" + transport
                + "&profile=" + (transport.equals("udp") ? "main" : "sub"));
        assertEquals(200, live.statusCode(), live.body());
        JsonObject body = new JsonObject(live.body());
        String streamId = body.getString("streamId");
        assertTrue(streamId.startsWith(deviceId + "_" + channelId + "_"), streamId);
        assertEquals(10, body.getString("ssrc").length());
        String info = probe(body.getJsonObject("urls").getString("flv"), transport);
        assertTrue(info.startsWith("h264,704,576,"), "ffprobe said: " + info);
        assertTrue(Integer.parseInt(info.substring(info.lastIndexOf(',') + 1)) > 10, info);
        assertEquals(204, delete("/api/v1/streams/" + streamId).statusCode());
    }

    /** The URL of the live answer plays; without its token, or with another, the media node refuses it. */
    @Test
    void onlyTheSignedUrlOfTheLiveAnswerPlays() throws Exception {
        HttpResponse<String> live = post("/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live?profile=main");
        assertEquals(200, live.statusCode(), live.body());
        String streamId = new JsonObject(live.body()).getString("streamId");
        String flv = new JsonObject(live.body()).getJsonObject("urls").getString("flv");
        assertTrue(flv.contains(".flv?token="), flv);
        String bare = flv.substring(0, flv.indexOf('?'));
        assertEquals(401, status(bare), "no token");
        String token = flv.substring(flv.indexOf("?token=") + 7);
        String later = (Long.parseLong(token.substring(0, token.indexOf('.'))) + 3600) + token.substring(token.indexOf('.'));
        assertEquals(401, status(bare + "?token=" + later), "a token with its expiry moved");
        String forged = new io.gbmesh.runtime.MediaUrlToken("a-stranger-s-own-secret", 60)
                .issue(io.gbmesh.runtime.MediaUrlToken.LIVE, streamId, System.currentTimeMillis());
        assertEquals(401, status(bare + "?token=" + forged), "signed with another secret");
        assertEquals(401, status("http://127.0.0.1:" + media.httpPort() + "/api/streams"), "the node's own list");
        String info = probe(flv, "signed");
        assertTrue(info.startsWith("h264,704,576,"), "ffprobe said: " + info);
        assertEquals(204, delete("/api/v1/streams/" + streamId).statusCode());
    }

    private static int status(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void twoRequestsForTheSameChannelShareOneStreamAndOneInvite() throws Exception {
        long invitesBefore = gateway.stats().get("tx.request.INVITE");
        HttpResponse<String> first = post("/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live?profile=main");
        HttpResponse<String> second = post("/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live?profile=main");
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(200, second.statusCode(), second.body());
        String streamId = new JsonObject(first.body()).getString("streamId");
        assertEquals(streamId, new JsonObject(second.body()).getString("streamId"));
        assertEquals(invitesBefore + 1, gateway.stats().get("tx.request.INVITE"));
        HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + apiPort + "/api/v1/streams"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonObject streams = new JsonObject(list.body());
        assertEquals(1, streams.getInteger("total"));
        assertEquals("H264", streams.getJsonArray("streams").getJsonObject(0).getString("codec"));
        assertEquals(704, streams.getJsonArray("streams").getJsonObject(0).getInteger("width"));
        assertTrue(streams.getJsonArray("streams").getJsonObject(0).getLong("bitrateKbps") != null, list.body());
        assertTrue(streams.getJsonArray("streams").getJsonObject(0).getJsonObject("urls").getString("flv").contains("?token="),
                "the list gives signed URLs too");
        assertEquals(204, delete("/api/v1/streams/" + streamId).statusCode());
        assertEquals(404, delete("/api/v1/streams/" + streamId).statusCode());
    }

    @Test
    void allStreamsOfAChannelOrADeviceCloseAtOnce() throws Exception {
        String live = "/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live?profile=";
        String main = new JsonObject(post(live + "main").body()).getString("streamId");
        String sub = new JsonObject(post(live + "sub").body()).getString("streamId");
        assertTrue(!main.equals(sub), "main and sub stream are two streams with two SSRCs");
        HttpResponse<String> closed = delete("/api/v1/devices/" + deviceId + "/channels/" + channelId + "/streams");
        assertEquals(200, closed.statusCode(), closed.body());
        assertEquals(2, new JsonObject(closed.body()).getInteger("stopped"));
        assertEquals(404, delete("/api/v1/streams/" + main).statusCode());
        post(live + "main");
        HttpResponse<String> all = delete("/api/v1/devices/" + deviceId + "/streams");
        assertEquals(1, new JsonObject(all.body()).getInteger("stopped"));
    }

    @Test
    void errorsSayWhatIsWrong() throws Exception {
        assertEquals(404, post("/api/v1/devices/34020000001329999999/channels/" + channelId + "/live").statusCode());
        assertEquals(404, post("/api/v1/devices/" + deviceId + "/channels/34020000001319999999/live").statusCode());
        assertEquals(400, post("/api/v1/devices/" + deviceId + "/channels/" + channelId + "/live?transport=carrier-pigeon").statusCode());
        assertEquals(400, post("/api/v1/devices/123/channels/" + channelId + "/live").statusCode());
    }
}
