package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.ADMIN;
import static io.gbmesh.api.http.TestApi.eventually;
import static io.gbmesh.api.store.DeviceEvents.T0;
import static io.gbmesh.api.store.DeviceEvents.catalog;
import static io.gbmesh.api.store.DeviceEvents.channel;
import static io.gbmesh.api.store.DeviceEvents.deviceId;
import static io.gbmesh.api.store.DeviceEvents.online;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.openapi.contract.OpenAPIVersion;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The OpenAPI document is a valid contract, and the server answers every operation in it as documented. */
class OpenApiTest {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
    private static final String DEVICE = deviceId(301);
    private static TestApi api;
    private static JsonObject doc;

    @BeforeAll
    static void start() {
        api = TestApi.startWithStreams("openapi");
        api.vertx.eventBus().publish(Addresses.DEVICE_ONLINE, online(DEVICE, T0));
        api.vertx.eventBus().publish(Addresses.DEVICE_CATALOG, catalog(DEVICE, true, T0 + 1,
                List.of(channel("34020000001310000001", "Gate", "ON")), List.of()));
        eventually(() -> api.get("/api/v1/devices/" + DEVICE + "/channels").status() == 200
                && api.get("/api/v1/devices/" + DEVICE + "/channels").json().getInteger("total") == 1, "seeded");
        TestApi.Response r = api.send("GET", "/api/v1/openapi.json", null, null);
        assertEquals(200, r.status(), "the document is open, so that the documentation page can load it");
        doc = r.json();
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void theDocumentIsAValidOpenApi3Contract() {
        assertTrue(doc.getString("openapi").matches("3\\.\\d+\\.\\d+"), doc.getString("openapi"));
        // the OpenAPI meta-schema of the document's version, as vertx-openapi ships it
        OpenAPIVersion version = OpenAPIVersion.fromContract(doc);
        SchemaRepository schemas = await(version.getRepository(api.vertx, "app:///"));
        OutputUnit result = await(version.validateContract(api.vertx, schemas, doc));
        assertTrue(result.getValid(), () -> result.toJson().encodePrettily());
        JsonObject broken = doc.copy();
        broken.getJsonObject("paths").getJsonObject("/health").getJsonObject("get").put("responses", "none");
        assertFalse(await(version.validateContract(api.vertx, schemas, broken)).getValid(), "the check can fail");
        // every $ref resolves (resolution fails on a dangling one)
        assertNotNull(await(version.resolve(api.vertx, schemas, doc)).getJsonObject("paths"));
        String description = doc.getJsonObject("info").getString("description");
        for (String topic : List.of("gb/devices/{deviceId}/status", "gb/devices/{deviceId}/catalog",
                "gb/devices/{deviceId}/events", "gb/streams/{streamId}", "gb/cmd/{clientId}/{requestId}",
                "gb/reply/{clientId}/{requestId}", "gb/devices/{deviceId}/alarms", "gb/devices/{deviceId}/position",
                "gb/downloads/{downloadId}")) {
            assertTrue(description.contains(topic), "MQTT topic " + topic + " described");
        }
    }

    @Test
    void everyOperationAnswersWithADocumentedStatus() {
        String spareToken = api.send("POST", "/api/v1/tokens", "{\"name\":\"spare\"}", ADMIN).json().getLong("id").toString();
        List<String> failures = new ArrayList<>();
        int walked = 0;
        JsonObject paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            JsonObject item = paths.getJsonObject(path);
            for (String method : item.fieldNames()) {
                if (!METHODS.contains(method)) {
                    continue;
                }
                JsonObject op = item.getJsonObject(method);
                String url = path.replace("{deviceId}", DEVICE).replace("{tokenId}", spareToken)
                        .replace("{kind}", "device-info").replace("{channelId}", "34020000001310000001")
                        .replace("{streamId}", DEVICE + "_34020000001310000001_0340200001").replace("{value}", "192.0.2.1")
                        .replace("{n}", "1").replace("{number}", "1").replace("{downloadId}", "no-such-download")
                        .replace("{alarmId}", "0b6f3c2e-8d7a-4f7e-9a51-3c1d2e4f5a60")
                        .replace("{talkId}", "5d1c0f7a-2b3e-4c6d-8e9f-0a1b2c3d4e5f")
                        .replace("{pushId}", "p1")
                        .replace("{snapshotId}", "1").replace("{sessionId}", "0123456789abcdef0123456789abcdef")
                        .replace("{token}", "not-the-token");
                String body = null;
                if (op.containsKey("requestBody")
                        && op.getJsonObject("requestBody").getJsonObject("content").containsKey("application/json")) {
                    body = op.getJsonObject("requestBody").getJsonObject("content").getJsonObject("application/json")
                            .getValue("example").toString();
                }
                Set<String> documented = op.getJsonObject("responses").fieldNames();
                walked++;
                // an endless event stream is answered 200 and never ends: AlarmApiTest reads it
                boolean stream = op.getJsonObject("responses").getJsonObject("200", new JsonObject())
                        .getJsonObject("content", new JsonObject()).containsKey("text/event-stream");
                TestApi.Response r = stream ? null : api.send(method.toUpperCase(), url, body, ADMIN);
                if (r != null && !documented.contains(Integer.toString(r.status()))) {
                    failures.add(method.toUpperCase() + " " + url + " → " + r.status() + ", documented " + documented);
                }
                boolean open = op.getJsonArray("security", new JsonArray().add(new JsonObject())).isEmpty();
                if (!open) {
                    int anonymous = api.send(method.toUpperCase(), url, body, null).status();
                    if (anonymous != 401 || !documented.contains("401")) {
                        failures.add(method.toUpperCase() + " " + url + " without a token → " + anonymous);
                    }
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(walked >= 20, "walked " + walked);
    }
}
