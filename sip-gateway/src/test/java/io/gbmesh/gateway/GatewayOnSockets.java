package io.gbmesh.gateway;

import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A test's gateway over real sockets (register it with {@code @RegisterExtension}): before each test,
 * one gateway in a Vert.x of its own on a free port, which asks nothing of a device coming online and
 * gives up on a query after 3 s; after it, the raw device sockets the test opened are closed, then the
 * Vert.x.
 */
final class GatewayOnSockets implements BeforeEachCallback, AfterEachCallback {
    private final List<RawDevice> sockets = new ArrayList<>();
    private Vertx vertx;
    private GatewayVerticle gateway;
    private int port;

    @Override
    public void beforeEach(ExtensionContext context) {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        gateway = new GatewayVerticle(TestSupport.config(port, "GB_QUERY_ON_ONLINE", "false", "GB_QUERY_TIMEOUT_MS", "3000"));
        Await.await(vertx.deployVerticle(gateway));
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        for (RawDevice s : sockets) {
            s.close();
        }
        sockets.clear();
        Await.await(vertx.close());
    }

    Vertx vertx() {
        return vertx;
    }

    GatewayVerticle gateway() {
        return gateway;
    }

    /** The gateway's SIP port (UDP and TCP). */
    int port() {
        return port;
    }

    /** A device on a UDP socket of its own. */
    RawDevice udp() throws Exception {
        RawDevice d = RawDevice.udp(port);
        sockets.add(d);
        return d;
    }

    /** A device on a TCP connection of its own. */
    RawDevice tcp() throws Exception {
        RawDevice d = RawDevice.tcp(port);
        sockets.add(d);
        return d;
    }
}
