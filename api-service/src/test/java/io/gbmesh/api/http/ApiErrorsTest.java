package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.ADMIN;
import static io.gbmesh.api.http.TestApi.eventually;
import static io.gbmesh.api.store.DeviceEvents.T0;
import static io.gbmesh.api.store.DeviceEvents.deviceId;
import static io.gbmesh.api.store.DeviceEvents.online;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.QueryFailure;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every error the API documents, each produced by the request that causes it, as a problem document. */
class ApiErrorsTest {
    private static final String ONLINE = deviceId(201);
    private static final String UNKNOWN = deviceId(299);
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.start("errors");
        api.vertx.eventBus().publish(Addresses.DEVICE_ONLINE, online(ONLINE, T0));
        eventually(() -> api.get("/api/v1/devices/" + ONLINE).status() == 200, "seeded device stored");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static JsonObject problem(TestApi.Response r, int status) {
        assertEquals(status, r.status(), r.body());
        assertEquals("application/problem+json", r.header("content-type"));
        JsonObject p = r.json();
        assertEquals(status, p.getInteger("status"));
        assertNotNull(p.getString("type"));
        assertNotNull(p.getString("title"));
        assertNotNull(p.getString("detail"));
        return p;
    }

    @ParameterizedTest(name = "{0} {1} → 400 about {3}")
    @CsvSource(delimiter = '|', value = {
            "GET   | /api/v1/devices?limit=0                    |                             | limit",
            "GET   | /api/v1/devices?limit=501                  |                             | limit",
            "GET   | /api/v1/devices?limit=ten                  |                             | limit",
            "GET   | /api/v1/devices?offset=-1                  |                             | offset",
            "GET   | /api/v1/devices?online=yes                 |                             | online",
            "GET   | /api/v1/devices?q=TEXT65                   |                             | q",
            "GET   | /api/v1/devices/1234                       |                             | deviceId",
            "GET   | /api/v1/devices/3402000000132000000A/channels |                          | deviceId",
            "GET   | /api/v1/devices/34020000001320000201/history?limit=1000 |                | limit",
            "PATCH | /api/v1/devices/34020000001320000201       | {\"nickname\":\"x\"}          | nickname",
            "PATCH | /api/v1/devices/34020000001320000201       | {\"name\":\"TEXT65\"}     | name",
            "PATCH | /api/v1/devices/34020000001320000201       | {\"name\":42}                 | name",
            "PATCH | /api/v1/devices/34020000001320000201       | {\"password\":\"TEXT65\"} | password",
            "POST  | /api/v1/devices/34020000001320000201/refresh/reboot |                    | kind",
            "POST  | /api/v1/tokens                             | {\"scope\":\"read\"}          | name",
            "POST  | /api/v1/tokens                             | {\"name\":\"x\",\"scope\":\"root\"} | scope",
            "DELETE| /api/v1/tokens/abc                         |                             | tokenId",
    })
    void refusedInputIs400NamingTheField(String method, String path, String body, String field) {
        String tooLong = "x".repeat(65); // one over the bound
        JsonObject p = problem(api.send(method, path.replace("TEXT65", tooLong),
                body == null ? null : body.replace("TEXT65", tooLong), ADMIN), 400);
        assertEquals(field, p.getString("field"), p.encode());
    }

    @Test
    void aBodyThatIsNotAJsonObjectIs400() {
        problem(api.send("PATCH", "/api/v1/devices/" + ONLINE, "[1,2]", ADMIN), 400);
        problem(api.send("PATCH", "/api/v1/devices/" + ONLINE, "{\"name\":", ADMIN), 400);
        problem(api.send("PATCH", "/api/v1/devices/" + ONLINE, "{}", ADMIN), 400);
    }

    @Test
    void noTokenIs401WithABearerChallenge() {
        TestApi.Response r = api.send("GET", "/api/v1/devices", null, null);
        problem(r, 401);
        assertTrue(r.header("www-authenticate").startsWith("Bearer"), r.header("www-authenticate"));
    }

    @Test
    void aWrongTokenIs401AndNothingIsDone() {
        TestApi.Response r = api.send("PATCH", "/api/v1/devices/" + ONLINE, "{\"name\":\"hijacked\"}", "gbm_not-a-token");
        problem(r, 401);
        assertTrue(r.header("www-authenticate").contains("invalid_token"), r.header("www-authenticate"));
        assertNull(api.get("/api/v1/devices/" + ONLINE).json().getString("name"));
        problem(api.send("GET", "/api/v1/devices", null, ADMIN + "x"), 401);
        problem(api.send("GET", "/api/v1/tokens", null, ""), 401);
    }

    @Test
    void aReadTokenMayReadButNotChange() {
        String read = api.send("POST", "/api/v1/tokens", "{\"name\":\"dashboard\",\"scope\":\"read\"}", ADMIN)
                .json().getString("token");
        assertEquals(200, api.send("GET", "/api/v1/devices", null, read).status());
        TestApi.Response r = api.send("PATCH", "/api/v1/devices/" + ONLINE, "{\"name\":\"by reader\"}", read);
        problem(r, 403);
        assertTrue(r.header("www-authenticate").contains("insufficient_scope"));
        problem(api.send("POST", "/api/v1/tokens", "{\"name\":\"escalate\",\"scope\":\"admin\"}", read), 403);
        assertNull(api.get("/api/v1/devices/" + ONLINE).json().getString("name"));
    }

    @Test
    void anUnknownDeviceIs404() {
        problem(api.get("/api/v1/devices/" + UNKNOWN), 404);
        problem(api.get("/api/v1/devices/" + UNKNOWN + "/channels"), 404);
        problem(api.get("/api/v1/devices/" + UNKNOWN + "/history"), 404);
        problem(api.send("PATCH", "/api/v1/devices/" + UNKNOWN, "{\"name\":\"x\"}", ADMIN), 404);
        problem(api.send("DELETE", "/api/v1/devices/" + UNKNOWN, null, ADMIN), 404);
        problem(api.send("POST", "/api/v1/devices/" + UNKNOWN + "/refresh/catalog", null, ADMIN), 404);
        problem(api.send("DELETE", "/api/v1/tokens/987654", null, ADMIN), 404);
        problem(api.get("/api/v1/nothing-here"), 404);
    }

    @Test
    void forgettingAnOnlineDeviceIs409AndKeepsIt() {
        problem(api.send("DELETE", "/api/v1/devices/" + ONLINE, null, ADMIN), 409);
        assertEquals(200, api.get("/api/v1/devices/" + ONLINE).status());
    }

    @Test
    void aRefreshWithNoGatewayRunningIs503() {
        problem(api.send("POST", "/api/v1/devices/" + ONLINE + "/refresh/device-info", null, ADMIN), 503);
    }

    @ParameterizedTest(name = "gateway failure {0} → {1}")
    @CsvSource({
            QueryFailure.DEVICE_OFFLINE + ", 503",
            QueryFailure.UNKNOWN_DEVICE + ", 503",
            QueryFailure.DEVICE_TIMEOUT + ", 504",
            QueryFailure.DEVICE_ERROR + ", 502",
    })
    void aRefreshMapsTheGatewaysFailure(int failure, int status) {
        MessageConsumer<MeshMessage> gateway = api.vertx.eventBus().consumer(Addresses.DEVICE_QUERY,
                msg -> msg.fail(failure, "as the gateway says"));
        await(gateway.completion());
        try {
            JsonObject p = problem(api.send("POST", "/api/v1/devices/" + ONLINE + "/refresh/catalog", null, ADMIN), status);
            assertTrue(p.getString("detail").contains(ONLINE), p.encode());
        } finally {
            await(gateway.unregister());
        }
    }

    @Test
    void aGatewayThatNeverAnswersIs504() {
        MessageConsumer<MeshMessage> gateway = api.vertx.eventBus().consumer(Addresses.DEVICE_QUERY, msg -> {
            // takes the query and never replies
        });
        await(gateway.completion());
        try {
            problem(api.send("POST", "/api/v1/devices/" + ONLINE + "/refresh/device-status", null, ADMIN), 504);
        } finally {
            await(gateway.unregister());
        }
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String big = "{\"name\":\"" + "x".repeat(20_000) + "\"}";
        problem(api.send("PATCH", "/api/v1/devices/" + ONLINE, big, ADMIN), 413);
    }
}
