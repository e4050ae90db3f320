package io.gbmesh.media;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.IntFunction;

import static io.gbmesh.media.testing.NodeHarness.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pool with real UDP sockets on loopback. */
class RtpPortPoolTest {

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private IntFunction<Future<DatagramSocket>> udp() {
        return port -> vertx.createDatagramSocket().listen(port, "127.0.0.1");
    }

    @Test
    void a_port_held_by_another_socket_is_skipped() throws Exception {
        try (java.net.DatagramSocket other = new java.net.DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            int taken = other.getLocalPort();
            RtpPortPool pool = new RtpPortPool(taken, Math.min(65535, taken + 5));
            RtpPortPool.Lease<DatagramSocket> lease = await(pool.claim(udp()));
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
            RtpPortPool.Lease<Integer> lease = await(pool.claim(Future::succeededFuture));
            assertTrue(ports.add(lease.port()), "port " + lease.port() + " handed twice");
        }
        assertEquals(1, pool.freePorts());
        int first = ports.iterator().next();
        pool.release(first);
        assertEquals(2, pool.freePorts());
        int fourth = await(pool.claim(Future::succeededFuture)).port();
        assertTrue(!ports.contains(fourth), "a port just released is not the next one offered");
        assertEquals(first, await(pool.claim(Future::succeededFuture)).port(), "then the released one comes back");
    }

    @Test
    void exhaustion_is_a_typed_failure() throws Exception {
        RtpPortPool pool = new RtpPortPool(41100, 41101);
        await(pool.claim(Future::succeededFuture));
        // The other port is in use by something else.
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> await(pool.claim(port -> Future.failedFuture(new java.net.BindException("in use")))));
        RtpPortPool.PortsExhaustedException cause = assertInstanceOf(RtpPortPool.PortsExhaustedException.class, e.getCause());
        assertEquals(1, cause.held());
        assertEquals(1, cause.unbindable());
        assertEquals(1, pool.freePorts(), "the unbindable port is not kept");
        await(pool.claim(Future::succeededFuture));
        assertInstanceOf(RtpPortPool.PortsExhaustedException.class,
                assertThrows(ExecutionException.class, () -> await(pool.claim(Future::succeededFuture))).getCause());
    }
}
