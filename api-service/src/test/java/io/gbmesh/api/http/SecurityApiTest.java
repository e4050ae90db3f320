package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.ADMIN;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.AuthBan;
import io.gbmesh.contracts.AuthBanLifted;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code /security/bans}: what the gateways wrote to the cluster map, listed and lifted by an admin. */
class SecurityApiTest {
    private static TestApi api;
    private static AsyncMap<String, String> bans;

    @BeforeAll
    static void start() {
        api = TestApi.start("security");
        bans = await(api.vertx.sharedData().getAsyncMap(Addresses.AUTH_BANS_MAP));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static void post(AuthBan ban) {
        await(bans.put(ban.key(), MeshCodec.toJsonString(ban), 60_000));
    }

    @Test
    void bansAreListedNewestFirstAndLiftedOnEveryNode() throws Exception {
        long now = System.currentTimeMillis();
        post(new AuthBan(AuthBan.SOURCE, "192.0.2.7", "gw-1", 5, now - 1000, now + 600_000));
        post(new AuthBan(AuthBan.DEVICE, "34020000001320000777", "gw-2", 6, now, now + 600_000));
        post(new AuthBan(AuthBan.SOURCE, "192.0.2.8", "gw-1", 5, now - 700_000, now - 100_000)); // over
        BlockingQueue<Object> lifts = new LinkedBlockingQueue<>();
        await(api.vertx.eventBus().consumer(Addresses.AUTH_BAN_LIFTED, m -> lifts.add(m.body())).completion());

        TestApi.Response r = api.send("GET", "/api/v1/security/bans", null, ADMIN);
        assertEquals(200, r.status(), r.body());
        JsonObject list = r.json();
        assertEquals(2, list.getInteger("total"));
        JsonObject newest = list.getJsonArray("items").getJsonObject(0);
        assertEquals("device", newest.getString("kind"));
        assertEquals("34020000001320000777", newest.getString("value"));
        assertEquals("gw-2", newest.getString("gatewayNode"));
        assertEquals(6, newest.getInteger("failures"));

        assertEquals(204, api.send("DELETE", "/api/v1/security/bans/source/192.0.2.7", null, ADMIN).status());
        assertEquals(new AuthBanLifted("source", "192.0.2.7"), lifts.poll(5, TimeUnit.SECONDS));
        assertNull(await(bans.get(AuthBan.key("source", "192.0.2.7"))));
        assertEquals(1, api.send("GET", "/api/v1/security/bans", null, ADMIN).json().getInteger("total"));
        assertEquals(404, api.send("DELETE", "/api/v1/security/bans/source/192.0.2.7", null, ADMIN).status());
        assertEquals(204, api.send("DELETE", "/api/v1/security/bans/device/34020000001320000777", null, ADMIN).status());
    }

    @Test
    void onlyAnAdminTokenSeesOrLiftsBans() {
        String read = api.send("POST", "/api/v1/tokens", "{\"name\":\"viewer\",\"scope\":\"read\"}", ADMIN)
                .json().getString("token");
        assertEquals(403, api.send("GET", "/api/v1/security/bans", null, read).status());
        assertEquals(403, api.send("DELETE", "/api/v1/security/bans/source/192.0.2.9", null, read).status());
        assertEquals(401, api.send("GET", "/api/v1/security/bans", null, null).status());
    }

    @Test
    void aBadKindOrValueIsABadRequest() {
        assertEquals(400, api.send("DELETE", "/api/v1/security/bans/user/192.0.2.9", null, ADMIN).status());
        assertEquals(400, api.send("DELETE", "/api/v1/security/bans/source/not-an-address", null, ADMIN).status());
        assertEquals(400, api.send("DELETE", "/api/v1/security/bans/device/3402", null, ADMIN).status());
    }
}
