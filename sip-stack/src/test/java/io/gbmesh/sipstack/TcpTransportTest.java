package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** SIP over TCP (RFC 3261 §18.3): responses and our own requests use the device's connection. */
class TcpTransportTest extends EndpointTestBase {

    @Test
    void aRegisterOverTcpIsAnsweredOnTheSameConnection() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawTcpDevice camera = tcpDevice(platform.port());

        camera.write(DeviceMessages.register("TCP", "192.168.1.64:5060;rport;branch=z9hG4bK1945388331"));

        SipResponse ok = (SipResponse) camera.nextMessage(2000);
        assertEquals(200, ok.statusCode());
        assertEquals("REGISTER", ok.cseq().method());
        assertEquals(Integer.toString(camera.localPort()), ok.topVia().parameters().get("rport").orElseThrow());
        ServerTransaction tx = seen.poll(1, TimeUnit.SECONDS);
        assertNotNull(tx);
        assertEquals(tcp(camera.localPort()), tx.source());
        assertEquals(0, platform.serverTransactionCount(), "TCP needs no retention of a completed transaction");
    }

    @Test
    void ourRequestToTheDevicePeerGoesOverTheConnectionTheDeviceOpened() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawTcpDevice camera = tcpDevice(platform.port());
        camera.write(DeviceMessages.register("TCP", "192.168.1.64:5060;rport;branch=z9hG4bK1"));
        camera.nextMessage(2000);
        Peer cameraPeer = seen.poll(1, TimeUnit.SECONDS).source();
        assertTrue(platform.hasTcpConnection(cameraPeer));

        SipRequest query = query(platform, SipTransport.TCP, 30);
        Future<SipResponse> answer = platform.request(query, cameraPeer);

        SipRequest received = (SipRequest) camera.nextMessage(2000);
        assertArrayEquals(query.body(), received.body());
        camera.write(SipResponse.to(received, 200, "7").build().toBytes());
        assertEquals(200, Await.await(answer, 5000).statusCode());
        assertEquals(0, platform.stats().get("tcp.connected"), "the endpoint opened a second connection");
        assertEquals(1, platform.stats().get("tcp.accepted"));
    }

    @Test
    void severalMessagesInOneWriteAreEachHandledOnce() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawTcpDevice camera = tcpDevice(platform.port());
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 1; i <= 3; i++) {
            batch.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK30" + i, 20 + i));
        }

        camera.write(batch.toByteArray());

        Set<Long> answered = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            answered.add(((SipResponse) camera.nextMessage(2000)).cseq().sequence());
        }
        assertEquals(Set.of(21L, 22L, 23L), answered);
        assertNull(camera.nextBytes(200));
        assertEquals(3, seen.size());
        assertEquals(3, platform.stats().get("rx.request.MESSAGE"));
    }

    @Test
    void blocksTooShortToBeMessagesAreCountedAndTheNextMessageIsAnswered() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawTcpDevice camera = tcpDevice(platform.port());
        ByteArrayOutputStream batch = new ByteArrayOutputStream();
        for (int i = 0; i < 1_000; i++) {
            batch.write(">\r\n\r\n".getBytes());
        }
        batch.write(DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK50", 50));

        camera.write(batch.toByteArray());

        assertEquals(50, camera.nextMessage(2000).cseq().sequence());
        assertEquals(1_000, platform.stats().get("tcp.framing.discarded"));
        assertEquals(0, platform.stats().get("parse.error.START_LINE"));
    }

    @Test
    void oneMessageWrittenByteByByteIsHandledOnce() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawTcpDevice camera = tcpDevice(platform.port());
        byte[] keepalive = DeviceMessages.keepalive("TCP", "192.168.1.64:5060;branch=z9hG4bK40", 40);

        camera.writeByteByByte(keepalive);

        SipMessage ok = camera.nextMessage(2000);
        assertEquals(40, ok.cseq().sequence());
        assertNull(camera.nextBytes(200));
        ServerTransaction tx = seen.poll(1, TimeUnit.SECONDS);
        assertNotNull(tx);
        assertArrayEquals(DeviceMessages.KEEPALIVE_BODY.getBytes(), tx.request().body());
        assertEquals(0, seen.size());
    }

    @Test
    void aConnectionSending64KiBWithoutAHeaderEndIsClosed() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawTcpDevice attacker = tcpDevice(platform.port());
        byte[] garbage = new byte[64 * 1024];
        Arrays.fill(garbage, (byte) 'x');

        try {
            attacker.write(garbage);
        } catch (IOException resetWhileWriting) {
            // the endpoint may close before the last byte is written
        }

        assertTrue(attacker.closedByPeer(3000), "the connection is still open");
        Await.eventually("the framing error is counted", Duration.ofSeconds(3),
                () -> platform.stats().get("tcp.framing.error.TOO_LARGE") == 1);
        Await.eventually("the connection is forgotten", Duration.ofSeconds(3),
                () -> !platform.hasTcpConnection(tcp(attacker.localPort())));
    }
}
