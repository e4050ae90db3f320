package io.gbmesh.media;

import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.function.IntFunction;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool with real UDP sockets on loopback. */
class RtpPortPoolTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close(), 15_000);
    }

    private IntFunction<Future<DatagramSocket>> udp() {
        return port -> vertx.createDatagramSocket().listen(port, "127.0.0.1");
    }

    @Test
    void a_port_held_by_another_socket_is_skipped() throws Exception {
        try (java.net.DatagramSocket other = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int taken = other.getLocalPort();
            RtpPortPool pool = new RtpPortPool(taken, Math.min(65535, taken + 5));
            RtpPortPool.Lease<DatagramSocket> lease = await(pool.claim(udp()), 15_000);
            assertNotEquals(taken, lease.port());
            assertEquals(lease.port(), lease.bound().localAddress().port(), "bound before it is offered");
            assertTrue(pool.skipped() >= 1);
            assertTrue(!pool.isHeld(taken), "the port someone else has is not counted as ours");
        }
    }

    @Test
    void ports_are_never_handed_twice_and_come_back_on_release() throws Exception {
        RtpPortPool pool = new RtpPortPool(41000, 41003);
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            RtpPortPool.Lease<Integer> lease = await(pool.claim(Future::succeededFuture), 15_000);
            assertTrue(ports.add(lease.port()), "port " + lease.port() + " handed twice");
        }
        assertEquals(1, pool.freePorts());
        int first = ports.iterator().next();
        pool.release(first);
        assertEquals(2, pool.freePorts());
        int fourth = await(pool.claim(Future::succeededFuture), 15_000).port();
        assertTrue(!ports.contains(fourth), "a port just released is not the next one offered");
        assertEquals(first, await(pool.claim(Future::succeededFuture), 15_000).port(), "then the released one comes back");
    }

    @Test
    void exhaustion_is_a_typed_failure() throws Exception {
        RtpPortPool pool = new RtpPortPool(41100, 41101);
        await(pool.claim(Future::succeededFuture), 15_000);
        // The other port is in use by something else.
        RtpPortPool.PortsExhaustedException cause = assertInstanceOf(RtpPortPool.PortsExhaustedException.class,
                Await.failure(pool.claim(port -> Future.failedFuture(new java.net.BindException("in use"))), 15_000));
        assertEquals(1, cause.held());
        assertEquals(1, cause.unbindable());
        assertEquals(1, pool.freePorts(), "the unbindable port is not kept");
        await(pool.claim(Future::succeededFuture), 15_000);
        assertInstanceOf(RtpPortPool.PortsExhaustedException.class,
                Await.failure(pool.claim(Future::succeededFuture), 15_000));
    }
}
