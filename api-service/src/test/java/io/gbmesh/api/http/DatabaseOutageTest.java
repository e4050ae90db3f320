package io.gbmesh.api.http;

import static io.gbmesh.api.http.TestApi.eventually;
import static io.gbmesh.api.store.TestPostgres.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.net.ServerSocket;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** While the database is unreachable the endpoints that need it answer 503; they recover by themselves. */
class DatabaseOutageTest {
    private TestApi api;
    private NetServer relay;
    private final List<NetSocket> sockets = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (api != null) {
            relayUp();
            api.close();
        }
    }

    private int relayPort;
    private URI database;

    /** A TCP relay to the test database that can be cut (closing every connection) and restored. */
    private void relayUp() {
        if (relay != null) {
            return;
        }
        NetClient client = api.vertx.createNetClient();
        relay = api.vertx.createNetServer().connectHandler(in -> {
            in.pause();
            sockets.add(in);
            client.connect(database.getPort(), database.getHost()).onSuccess(out -> {
                sockets.add(out);
                in.pipeTo(out);
                out.pipeTo(in);
                in.resume();
            }).onFailure(err -> in.close());
        });
        await(relay.listen(relayPort, "127.0.0.1"));
    }

    private void relayDown() {
        await(relay.close());
        relay = null;
        sockets.forEach(NetSocket::close);
        sockets.clear();
    }

    @Test
    void endpointsAnswer503WhileTheDatabaseIsDownAndRecover() throws Exception {
        relayPort = io.gbmesh.testing.FreePorts.tcpAndUdp();
        // the schema is made directly; the service then reaches the database through the relay
        api = TestApi.start("outage");
        database = URI.create(api.env.get("GB_PG_URL").replace("postgresql://", "http://"));
        await(api.vertx.undeploy(api.vertx.deploymentIDs().iterator().next()));
        relayUp();
        api.env.put("GB_PG_URL", "postgresql://127.0.0.1:" + relayPort + database.getPath());
        api.deploy();
        assertEquals(200, api.get("/api/v1/devices").status());
        assertEquals(200, api.send("GET", "/ready", null, null).status());

        relayDown();

        assertEquals(200, api.get("/api/v1/devices").status(), "the page built a moment ago is served from the cache");
        assertEquals(503, api.get("/api/v1/devices?online=true").status(), "a verified token is trusted for a while");
        assertEquals(503, api.get("/api/v1/devices/34020000001320000001").status());
        assertEquals(503, api.send("GET", "/api/v1/devices", null, "gbm_unknown-token").status(),
                "a token that cannot be checked is not refused as wrong");
        assertEquals(503, api.send("GET", "/ready", null, null).status());
        assertEquals(200, api.send("GET", "/health", null, null).status());

        relayUp();

        eventually(() -> api.get("/api/v1/devices").status() == 200, "the API recovers");
        assertEquals(200, api.send("GET", "/ready", null, null).status());
        assertEquals(401, api.send("GET", "/api/v1/devices", null, "gbm_unknown-token").status());
    }
}
