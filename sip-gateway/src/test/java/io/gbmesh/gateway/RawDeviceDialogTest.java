package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A device written out message by message on a plain UDP socket, for what our simulator never does. */
class RawDeviceDialogTest {
    private static final String DEVICE = "34020000001320000301";
    private static final String CHANNEL = "34020000001310000301";

    private Vertx vertx;
    private int port;
    private DatagramSocket socket;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port, "GB_QUERY_ON_ONLINE", "false"))));
        socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        SipRequest register = SipRequest.builder("REGISTER", SipUri.of("34020000002000000001", "3402000000", -1))
                .via(Via.of("UDP", "127.0.0.1", socket.getLocalPort(), "z9hG4bK-reg-1"))
                .from(NameAddress.of(SipUri.of(DEVICE, "3402000000", -1)).withTag("77"))
                .to(NameAddress.of(SipUri.of(DEVICE, "3402000000", -1)))
                .callId("raw-register").cseq(1, "REGISTER")
                .contact(NameAddress.of(SipUri.of(DEVICE, "127.0.0.1", socket.getLocalPort())))
                .header("Max-Forwards", 70).header("Expires", 3600).header("Content-Length", 0)
                .build();
        send(register);
        assertEquals(200, ((SipResponse) receive(m -> m instanceof SipResponse)).statusCode());
    }

    @AfterEach
    void stop() {
        socket.close();
        Await.await(vertx.close());
    }

    @Test
    void aRetransmitted200IsAckedAgainWithTheSameAck() throws Exception {
        Future<Message<Object>> asked = vertx.eventBus().request(Addresses.INVITE, new InviteRequest("raw-1", DEVICE, CHANNEL,
                StreamKind.PLAY, "127.0.0.1", 30000, MediaTransport.UDP, "0000010301", 0, 0, 0));
        SipRequest invite = (SipRequest) receive(m -> m instanceof SipRequest r && r.method().equals("INVITE"));
        byte[] ok = SipResponse.to(invite, 200, "9911")
                .contact(NameAddress.of(SipUri.of(DEVICE, "127.0.0.1", socket.getLocalPort())))
                .body("application/sdp", String.join("\r\n", "v=0", "o=" + DEVICE + " 1 1 IN IP4 127.0.0.1", "s=Play",
                        "c=IN IP4 127.0.0.1", "t=0 0", "m=video 40000 RTP/AVP 96", "a=sendonly", "a=rtpmap:96 PS/90000",
                        "y=0000010301", "").getBytes(StandardCharsets.UTF_8))
                .build().toBytes();
        sendBytes(ok);
        SipRequest ack = (SipRequest) receive(m -> m instanceof SipRequest r && r.method().equals("ACK"));
        assertEquals(invite.cseq().sequence(), ack.cseq().sequence());
        assertEquals("9911", ack.to().tag().orElse(""));
        assertEquals(SipUri.of(DEVICE, "127.0.0.1", socket.getLocalPort()).toString(), ack.requestUri().toString());

        sendBytes(ok); // as a device that did not see the ACK
        SipRequest again = (SipRequest) receive(m -> m instanceof SipRequest r && r.method().equals("ACK"));
        assertArrayEquals(ack.toBytes(), again.toBytes());

        InviteAnswer answer = (InviteAnswer) Await.await(asked).body();
        assertEquals(40000, answer.devicePort());
        assertEquals(invite.callId(), answer.callId());
    }

    @Test
    void aByeForADialogWeDoNotHoldIs481() throws Exception {
        send(SipRequest.builder("BYE", SipUri.of("34020000002000000001", "127.0.0.1", port))
                .via(Via.of("UDP", "127.0.0.1", socket.getLocalPort(), "z9hG4bK-bye-1"))
                .from(NameAddress.of(SipUri.of(CHANNEL, "127.0.0.1", socket.getLocalPort())).withTag("1"))
                .to(NameAddress.of(SipUri.of("34020000002000000001", "127.0.0.1", port)).withTag("2"))
                .callId("no-such-call").cseq(5, "BYE").header("Max-Forwards", 70).header("Content-Length", 0)
                .build());
        assertEquals(481, ((SipResponse) receive(m -> m instanceof SipResponse)).statusCode());
    }

    private void send(SipMessage message) throws Exception {
        sendBytes(message.toBytes());
    }

    private void sendBytes(byte[] bytes) throws Exception {
        socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
    }

    /** The next message that matches, skipping others (retransmissions); fails after 5 s. */
    private SipMessage receive(Predicate<SipMessage> match) throws Exception {
        socket.setSoTimeout(5000);
        byte[] buffer = new byte[65536];
        while (true) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no matching message within 5 s");
            }
            SipMessage m = new SipParser().parse(Arrays.copyOf(p.getData(), p.getLength()));
            if (match.test(m)) {
                return m;
            }
        }
    }
}
