package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A response is taken only from where its request went: another address that saw the branch cannot answer it. */
class ResponseSourceTest extends EndpointTestBase {

    @Test
    void aResponseFromAnotherUdpPortIsDroppedAndCountedAndTheRealOneCompletesTheTransaction() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawUdpPeer camera = udpPeer();
        RawUdpPeer attacker = udpPeer();
        Future<SipResponse> answer = platform.request(query(platform, SipTransport.UDP, 90), udp(camera.port()));
        SipRequest received = (SipRequest) camera.receiveMessage(1000);

        attacker.send(SipResponse.to(received, 486, "6").build().toBytes(), platform.port());
        Await.eventually("the forged response counted", Duration.ofSeconds(3),
                () -> platform.stats().get("rx.response.wrong-source") == 1);
        assertFalse(answer.isComplete(), "the forged response completed the transaction");

        camera.send(SipResponse.to(received, 200, "5").build().toBytes(), platform.port());
        assertEquals(200, Await.await(answer, 5000).statusCode());
    }

    @Test
    void aResponseOnAnotherTcpConnectionIsDropped() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawTcpDevice camera = tcpDevice(platform.port());
        RawTcpDevice attacker = tcpDevice(platform.port());
        // the camera's connection is known to the endpoint once it has sent something on it
        camera.write(DeviceMessages.keepalive("TCP", "127.0.0.1:" + camera.localPort() + ";branch=z9hG4bK-src-1", 1));
        Await.eventually("the camera's connection is open", Duration.ofSeconds(3),
                () -> platform.hasTcpConnection(tcp(camera.localPort())));
        Future<SipResponse> answer = platform.request(query(platform, SipTransport.TCP, 91), tcp(camera.localPort()));
        SipRequest received = null;
        while (received == null) {
            byte[] next = camera.nextBytes(2000);
            if (next == null) {
                throw new AssertionError("the query did not arrive on the camera's connection");
            }
            if (new io.gbmesh.protocol.sip.SipParser().parse(next) instanceof SipRequest r) {
                received = r;
            }
        }

        attacker.write(SipResponse.to(received, 486, "6").build().toBytes());
        Await.eventually("the forged response counted", Duration.ofSeconds(3),
                () -> platform.stats().get("rx.response.wrong-source") == 1);
        assertFalse(answer.isComplete(), "the forged response completed the transaction");

        camera.write(SipResponse.to(received, 200, "5").build().toBytes());
        assertEquals(200, Await.await(answer, 5000).statusCode());
    }
}
