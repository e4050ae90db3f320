package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.ADMIN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class TokenApiTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.start("tokenapi");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aCreatedTokenIsShownOnceWorksAndStopsWorkingWhenDeleted() {
        TestApi.Response created = api.send("POST", "/api/v1/tokens", "{\"name\":\"ops\",\"scope\":\"admin\"}", ADMIN);
        assertEquals(201, created.status(), created.body());
        assertEquals("no-store", created.header("cache-control"));
        JsonObject token = created.json();
        String secret = token.getString("token");
        assertTrue(secret.startsWith("gbm_"));
        assertEquals("admin", token.getString("scope"));
        assertEquals("/api/v1/tokens/" + token.getLong("id"), created.header("location"));

        assertEquals(200, api.send("GET", "/api/v1/devices", null, secret).status());
        String list = api.get("/api/v1/tokens").body();
        assertTrue(list.contains("\"ops\""));
        assertFalse(list.contains(secret), "the list never shows a token");
        assertFalse(list.contains("\"token\""));

        assertEquals(204, api.send("DELETE", "/api/v1/tokens/" + token.getLong("id"), null, ADMIN).status());

        assertEquals(401, api.send("GET", "/api/v1/devices", null, secret).status());
        assertFalse(api.get("/api/v1/tokens").body().contains("\"ops\""));
    }

    @Test
    void aTokenIsReadScopedUnlessAskedOtherwise() {
        JsonObject token = api.send("POST", "/api/v1/tokens", "{\"name\":\"wall\"}", ADMIN).json();
        assertEquals("read", token.getString("scope"));
    }
}
