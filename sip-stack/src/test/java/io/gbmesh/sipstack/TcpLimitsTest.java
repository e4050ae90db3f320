package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Bounds on TCP: connections in total and per source address, the idle timeout of connections that
 * never registered, the slow-sender timeout, and framing buffers that shrink back. Other loopback
 * addresses (127.0.0.2, ...) play other source hosts.
 */
class TcpLimitsTest extends EndpointTestBase {

    /** Answers 200 and, for a REGISTER, binds the connection as the gateway's registrar does. */
    private static SipRequestHandler registrar(BlockingQueue<ServerTransaction> seen) {
        return tx -> {
            seen.add(tx);
            if (tx.request().method().equals("REGISTER")) {
                tx.endpoint().bind(tx.source());
            }
            tx.respond(SipResponse.to(tx.request(), 200, "1").build());
        };
    }

    private SipEndpoint startWith(EndpointLimits bounds, SipRequestHandler handler) throws Exception {
        return start(fastOptions().withMode(ListenMode.TCP).withBounds(bounds), handler);
    }

    @Test
    void aFloodOfConnectionsIsCappedPerSourceAndInTotalAndARegisteredDeviceKeepsWorking() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = startWith(EndpointLimits.DEFAULT.withTcp(5, 2, 10_000, 10_000), registrar(seen));
        RawTcpDevice camera = tcpDevice(platform.port());
        camera.write(DeviceMessages.register("TCP", "192.168.1.64:5060;rport;branch=z9hG4bK-reg"));
        assertEquals(200, ((SipResponse) camera.nextMessage(2000)).statusCode());
        AtomicInteger most = new AtomicInteger();
        long watcher = vertx.setPeriodic(1, id -> most.accumulateAndGet(platform.acceptedTcpConnections(), Math::max));

        List<RawTcpDevice> flood = new ArrayList<>();
        for (String source : new String[] {"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4"}) {
            for (int i = 0; i < 6; i++) {
                flood.add(tcpDevice(source, platform.port()));
            }
        }

        int open = 0;
        for (RawTcpDevice d : flood) {
            if (!d.closedByPeer(300)) {
                open++;
            }
        }
        vertx.cancelTimer(watcher);
        // the camera holds one of 127.0.0.1's two; 127.0.0.2 and .3 get two each; nothing is left for .4
        assertEquals(4, open);
        assertEquals(5, platform.acceptedTcpConnections());
        assertTrue(most.get() <= 5, "open connections reached " + most.get());
        // .1: 5 beyond its two, .2: 4 beyond its two; then the total is full: .3's last 5 and all 6 of .4
        assertEquals(9, platform.stats().get("tcp.refused.source"));
        assertEquals(11, platform.stats().get("tcp.refused.total"));

        camera.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-after", 30));
        assertEquals(30, ((SipResponse) camera.nextMessage(2000)).cseq().sequence());
    }

    @Test
    void aSlowSenderIsDisconnectedWhenItsMessageTakesLongerThanTheTimeout() throws Exception {
        long timeout = 400;
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = startWith(EndpointLimits.DEFAULT.withTcp(100, 10, 60_000, timeout), registrar(seen));
        RawTcpDevice slowloris = tcpDevice(platform.port());
        byte[] keepalive = DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-slow", 40);

        long start = System.currentTimeMillis();
        boolean closed = false;
        for (int i = 0; i < keepalive.length && !closed; i++) {
            try {
                slowloris.write(new byte[] {keepalive[i]});
            } catch (IOException reset) {
                closed = true;
                break;
            }
            closed = slowloris.closedByPeer(100);
        }

        long took = System.currentTimeMillis() - start;
        assertTrue(closed, "the slow sender is still connected");
        assertTrue(took < timeout + 1500, "closed only after " + took + " ms");
        assertTrue(seen.isEmpty());
        assertEquals(1, platform.stats().get("tcp.closed.slow"));
        Await.eventually("the connection is forgotten", Duration.ofSeconds(3), () -> platform.acceptedTcpConnections() == 0);
    }

    @Test
    void anIdleConnectionThatNeverRegisteredIsClosedAndARegisteredOneIsNot() throws Exception {
        // long enough for a first connection to be read under load, short enough for a test
        long idle = 1000;
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = startWith(EndpointLimits.DEFAULT.withTcp(100, 10, idle, 10_000), registrar(seen));
        RawTcpDevice registered = tcpDevice(platform.port());
        registered.write(DeviceMessages.register("TCP", "192.168.1.64:5060;rport;branch=z9hG4bK-bound"));
        assertEquals(200, ((SipResponse) registered.nextMessage(2000)).statusCode());
        RawTcpDevice stranger = tcpDevice(platform.port());
        RawTcpDevice talker = tcpDevice(platform.port());
        talker.write(DeviceMessages.keepalive("TCP", "192.168.1.65:5060;branch=z9hG4bK-talk", 41));
        assertEquals(200, ((SipResponse) talker.nextMessage(2000)).statusCode());

        assertTrue(stranger.closedByPeer(idle + 1500), "the unregistered idle connection is still open");
        assertTrue(talker.closedByPeer(idle + 1500), "a connection that only sent a MESSAGE is still open");
        assertFalse(registered.closedByPeer(idle * 2), "the registered device's connection was closed");

        registered.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK-still", 42));
        assertEquals(42, ((SipResponse) registered.nextMessage(2000)).cseq().sequence());
        assertEquals(2, platform.stats().get("tcp.closed.idle"));
        assertEquals(1, platform.acceptedTcpConnections());
    }

    @Test
    void theFramingBufferShrinksBackAfterALargeMessage() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = startWith(EndpointLimits.DEFAULT, registrar(seen));
        RawTcpDevice nvr = tcpDevice(platform.port());
        char[] big = new char[60 * 1024];
        Arrays.fill(big, 'x');
        String body = "<?xml version=\"1.0\"?>\r\n<Notify>\r\n<CmdType>Catalog</CmdType>\r\n<SN>1</SN>\r\n<Pad>"
                + new String(big) + "</Pad>\r\n</Notify>\r\n";

        nvr.write(DeviceMessages.message("MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/TCP 192.168.1.70:5060;branch=z9hG4bK-big\r\n"
                + "From: <sip:34020000001110000001@3402000000>;tag=1\r\n"
                + "To: <sip:34020000002000000001@3402000000>\r\n"
                + "Call-ID: big-1\r\nCSeq: 1 MESSAGE\r\nContent-Type: Application/MANSCDP+xml\r\nMax-Forwards: 70\r\n", body));

        assertEquals(200, ((SipResponse) nvr.nextMessage(2000)).statusCode());
        ServerTransaction tx = seen.poll(1, TimeUnit.SECONDS);
        assertTrue(tx.request().body().length > 60 * 1024);
        Peer peer = tx.source();
        Await.eventually("the framing buffer is back to 4 KiB", Duration.ofSeconds(3),
                () -> platform.framingCapacity(peer) == 4096);
    }
}
