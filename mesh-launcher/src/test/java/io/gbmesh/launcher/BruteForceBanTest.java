package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static io.gbmesh.testing.Await.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.ApiRole;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.protocol.auth.DigestCalculator;
import io.gbmesh.protocol.auth.DigestChallenge;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.runtime.Env;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Password guessing over real UDP against a gateway and the api-service in one Vert.x: failed digests
 * from one source ban the source, failed digests for one device ID from many sources ban the ID; a
 * banned REGISTER gets 403 without a challenge even with the right password; the API lists the bans
 * and lifts them, after which the right password registers. Sources are distinct loopback addresses
 * (127.0.0.2, 127.0.0.3, ...), which Linux delivers like 127.0.0.1.
 */
class BruteForceBanTest {
    private static final String PASSWORD = "right-password";
    private static final String ADMIN = "gbm_bruteforce-admin-0123456789abcdef";
    private static final String REALM = "3402000000";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Vertx vertx;
    private static GatewayVerticle gateway;
    private static ApiRole api;
    private static int sipPort;
    private static Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        sipPort = io.gbmesh.testing.FreePorts.tcpAndUdp();
        gateway = new GatewayVerticle(GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(sipPort), "GB_SIP_PASSWORD", PASSWORD, "GB_QUERY_ON_ONLINE", "false",
                "GB_NODE_ID", "gw-bans"))));
        await(vertx.deployVerticle(gateway));
        dataDir = Files.createDirectories(Path.of("target")).resolve("bans-" + ProcessHandle.current().pid());
        api = await(ApiRole.deploy(vertx, new Env(Map.of("GB_HTTP_HOST", "127.0.0.1", "GB_HTTP_PORT", "0",
                "GB_MQTT_HOST", "127.0.0.1", "GB_MQTT_PORT", "0", "GB_DATA_DIR", dataDir.toString(),
                "GB_PG_POOL_SIZE", "4", "GB_ADMIN_TOKEN", ADMIN,
                "GB_MEDIA_URL_SECRET", "bruteforce-test-media-url-secret"))));
    }

    @AfterAll
    static void stop() throws Exception {
        await(vertx.close());
    }

    @Test
    void guessingIsBannedListedAndLifted() throws Exception {
        // five devices from 127.0.0.2, one wrong password each: the source is banned
        for (int i = 1; i <= 5; i++) {
            assertEquals(403, attempt("127.0.0.2", device(i), "guess-" + i).statusCode());
        }
        SipResponse banned = send("127.0.0.2", register(device(6), null));
        assertEquals(403, banned.statusCode(), "no challenge for a banned source");
        assertTrue(banned.first("WWW-Authenticate").isEmpty());
        assertEquals(403, attempt("127.0.0.2", device(6), PASSWORD).statusCode(), "even with the right password");

        // one device from five sources: the device ID is banned, wherever it comes from
        String target = device(7);
        for (int i = 3; i <= 7; i++) {
            assertEquals(403, attempt("127.0.0." + i, target, "guess-" + i).statusCode());
        }
        SipResponse idBanned = send("127.0.0.1", register(target, null));
        assertEquals(403, idBanned.statusCode());
        assertTrue(idBanned.first("WWW-Authenticate").isEmpty());
        assertEquals(403, attempt("127.0.0.1", target, PASSWORD).statusCode(), "even with the right password");
        assertEquals(200, attempt("127.0.0.1", device(8), PASSWORD).statusCode(), "others are unaffected");

        // visible in the gateway's metrics and, cluster-wide, in the API
        assertEquals(2, gateway.activeAuthBans());
        assertTrue(gateway.stats().snapshot().getOrDefault("auth.refused", 0L) >= 4, gateway.stats().snapshot().toString());
        eventually("both bans listed", () -> bans().size() == 2);
        JsonArray listed = bans();
        assertTrue(listed.stream().map(JsonObject.class::cast).anyMatch(b -> b.getString("kind").equals("source")
                && b.getString("value").equals("127.0.0.2") && b.getString("gatewayNode").equals("gw-bans")), listed.encode());
        assertTrue(listed.stream().map(JsonObject.class::cast).anyMatch(b -> b.getString("kind").equals("device")
                && b.getString("value").equals(target) && b.getInteger("failures") == 5), listed.encode());

        // lifted through the API: the right password registers again
        assertEquals(204, http("DELETE", "/api/v1/security/bans/source/127.0.0.2", null).statusCode());
        assertEquals(204, http("DELETE", "/api/v1/security/bans/device/" + target, null).statusCode());
        eventually("the gateway forgot both bans", () -> gateway.activeAuthBans() == 0);
        assertEquals(200, attempt("127.0.0.2", device(6), PASSWORD).statusCode());
        assertEquals(200, attempt("127.0.0.1", target, PASSWORD).statusCode());
        assertEquals(0, bans().size());
    }

    @Test
    void guessesForARegisteredDeviceIdDoNotLockTheDeviceOut() throws Exception {
        String id = device(40);
        try (DatagramSocket camera = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            camera.setSoTimeout(3000);
            assertEquals(200, attempt(camera, id, PASSWORD).statusCode());
            // an attacker guesses the camera's password from five other addresses: the ID is banned for them
            for (int i = 11; i <= 15; i++) {
                assertEquals(403, attempt("127.0.0." + i, id, "guess-" + i).statusCode());
            }
            assertEquals(403, attempt("127.0.0.16", id, PASSWORD).statusCode(), "the ID is banned elsewhere");
            // the camera refreshing its registration from where it is registered is still served
            assertEquals(200, attempt(camera, id, PASSWORD).statusCode());
        } finally {
            http("DELETE", "/api/v1/security/bans/device/" + id, null);
            for (int i = 11; i <= 16; i++) {
                http("DELETE", "/api/v1/security/bans/source/127.0.0." + i, null);
            }
        }
    }

    @Test
    void aNonceIsSpentAfterThreeWrongResponses() throws Exception {
        String id = device(20);
        String nonce = challengeNonce("127.0.0.9", id);
        for (int i = 0; i < 3; i++) {
            assertEquals(403, answer("127.0.0.9", id, nonce, "guess-" + i).statusCode());
        }
        SipResponse spent = answer("127.0.0.10", id, nonce, PASSWORD);
        assertEquals(401, spent.statusCode(), "the right password on a spent nonce is challenged afresh");
        assertNotEquals(nonce, DigestChallenge.parse(spent.first("WWW-Authenticate").orElseThrow()).nonce());
    }

    @Test
    void theClusterMapHoldsHa1AndAPasswordSetThroughTheApiRegisters() throws Exception {
        String id = device(30);
        assertEquals(200, http("PATCH", "/api/v1/devices/" + id, "{\"password\":\"its-own-pass\"}").statusCode());
        AsyncMap<String, String> passwords = await(vertx.sharedData().getAsyncMap(Addresses.PASSWORDS_MAP));
        String stored = await(passwords.get(id));
        assertEquals(DigestCalculator.ha1(id, REALM, "its-own-pass"), stored);
        assertFalse(stored.contains("its-own-pass"));
        eventually("registered with its own password", () -> attempt("127.0.0.1", id, "its-own-pass").statusCode() == 200);
        assertEquals(403, attempt("127.0.0.1", id, PASSWORD).statusCode(), "the global password no longer works for it");
    }

    private static String device(int n) {
        return String.format("340200000013200%05d", 900 + n);
    }

    /** REGISTER, the challenge, then the answer computed with {@code password}: the final response. */
    private static SipResponse attempt(String source, String deviceId, String password) {
        try {
            SipResponse challenge = send(source, register(deviceId, null));
            if (challenge.statusCode() != 401) {
                return challenge;
            }
            return answer(source, deviceId, DigestChallenge.parse(challenge.first("WWW-Authenticate").orElseThrow()).nonce(), password);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String challengeNonce(String source, String deviceId) throws Exception {
        SipResponse r = send(source, register(deviceId, null));
        assertEquals(401, r.statusCode());
        return DigestChallenge.parse(r.first("WWW-Authenticate").orElseThrow()).nonce();
    }

    private static SipResponse answer(String source, String deviceId, String nonce, String password) throws Exception {
        String uri = "sip:34020000002000000001@" + REALM;
        String authorization = DigestCalculator.answer(DigestChallenge.of(REALM, nonce), deviceId, password, "REGISTER", uri,
                () -> "c", 1).toHeaderValue();
        return send(source, register(deviceId, authorization));
    }

    private static String register(String deviceId, String authorization) {
        return "REGISTER sip:34020000002000000001@" + REALM + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP HOST:PORT;rport;branch=z9hG4bK" + System.nanoTime() + "\r\n"
                + "From: <sip:" + deviceId + "@" + REALM + ">;tag=1\r\n"
                + "To: <sip:" + deviceId + "@" + REALM + ">\r\n"
                + "Call-ID: ban-" + System.nanoTime() + "\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:" + deviceId + "@HOST:PORT>\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                + "Expires: 3600\r\nContent-Length: 0\r\n\r\n";
    }

    private static SipResponse send(String source, String request) throws Exception {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(source))) {
            socket.setSoTimeout(3000);
            return send(socket, request);
        }
    }

    private static SipResponse send(DatagramSocket socket, String request) throws Exception {
        byte[] bytes = request.replace("HOST", socket.getLocalAddress().getHostAddress())
                .replace("PORT", Integer.toString(socket.getLocalPort())).getBytes(StandardCharsets.UTF_8);
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), sipPort));
        // a registered device also gets the gateway's own requests (its subscriptions): the answer is the response
        while (true) {
            DatagramPacket in = new DatagramPacket(new byte[4096], 4096);
            socket.receive(in);
            if (new SipParser().parse(Arrays.copyOf(in.getData(), in.getLength())) instanceof SipResponse response) {
                return response;
            }
        }
    }

    /** The same exchange as {@link #attempt(String, String, String)} from one socket that stays the device's address. */
    private static SipResponse attempt(DatagramSocket socket, String deviceId, String password) throws Exception {
        SipResponse challenge = send(socket, register(deviceId, null));
        if (challenge.statusCode() != 401) {
            return challenge;
        }
        String nonce = DigestChallenge.parse(challenge.first("WWW-Authenticate").orElseThrow()).nonce();
        String uri = "sip:34020000002000000001@" + REALM;
        return send(socket, register(deviceId, DigestCalculator.answer(DigestChallenge.of(REALM, nonce), deviceId, password,
                "REGISTER", uri, () -> "c", 1).toHeaderValue()));
    }

    private static JsonArray bans() {
        try {
            HttpResponse<String> r = http("GET", "/api/v1/security/bans", null);
            assertEquals(200, r.statusCode(), r.body());
            return new JsonObject(r.body()).getJsonArray("items");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static HttpResponse<String> http(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.httpPort() + path))
                .header("Authorization", "Bearer " + ADMIN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
