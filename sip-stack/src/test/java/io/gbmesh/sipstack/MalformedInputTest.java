package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.SipLimits;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.testing.Await;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Malformed input is a counted event answered when an answer is possible, never a crash. */
class MalformedInputTest extends EndpointTestBase {

    @Test
    void aGarbageDatagramIsCountedAndTheEndpointKeepsServing() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawUdpPeer scanner = udpPeer();

        scanner.send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03}, platform.port());
        scanner.send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII), platform.port());

        assertNull(scanner.receive(200), "garbage got an answer");
        Await.eventually("both datagrams are counted as dropped", Duration.ofSeconds(3),
                () -> platform.stats().get("rx.dropped") == 2);
        assertTrue(platform.stats().snapshot().keySet().stream().anyMatch(k -> k.startsWith("parse.error.")),
                "no parse error counted: " + platform.stats().snapshot());
        scanner.send(DeviceMessages.keepalive(LOOPBACK + ":" + scanner.port() + ";rport;branch=z9hG4bK60", 60), platform.port());
        assertEquals(200, ((SipResponse) scanner.receiveMessage(2000)).statusCode());
        assertEquals(1, seen.size());
    }

    @Test
    void aContentLengthBeyondTheDatagramGets400WithTheReason() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(answering(200, seen));
        RawUdpPeer camera = udpPeer();
        String keepalive = DeviceMessages.text(DeviceMessages.keepalive(LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK61", 61));

        camera.send(keepalive.replaceFirst("Content-Length: \\d+", "Content-Length: 500").getBytes(StandardCharsets.UTF_8), platform.port());

        SipResponse bad = (SipResponse) camera.receiveMessage(2000);
        assertEquals(400, bad.statusCode());
        assertTrue(bad.reasonPhrase().contains("Content-Length 500"), bad.reasonPhrase());
        assertEquals("z9hG4bK61", bad.topVia().branch().orElseThrow());
        assertTrue(bad.to().tag().isPresent(), "a final response without To tag");
        assertEquals(1, platform.stats().get("parse.error.BODY_LENGTH"));
        assertNull(seen.poll(100, TimeUnit.MILLISECONDS), "the handler got a malformed request");
    }

    @Test
    void anOversizedBodyGets413() throws Exception {
        BlockingQueue<ServerTransaction> seen = new LinkedBlockingQueue<>();
        SipEndpoint platform = start(new SipLimits(16 * 1024, 8 * 1024, 64, 1024), answering(200, seen));
        RawUdpPeer camera = udpPeer();
        String catalog = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Response>\r\n" + "<Item/>\r\n".repeat(200) + "</Response>\r\n";
        byte[] big = DeviceMessages.message("MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK62\r\n"
                + "From: <sip:34020000001320000002@3402000000>;tag=1\r\n"
                + "To: <sip:34020000002000000001@3402000000>\r\n"
                + "Call-ID: big-1\r\n"
                + "CSeq: 62 MESSAGE\r\n"
                + "Content-Type: Application/MANSCDP+xml\r\n", catalog);

        camera.send(big, platform.port());

        SipResponse tooLarge = (SipResponse) camera.receiveMessage(2000);
        assertEquals(413, tooLarge.statusCode());
        assertEquals("z9hG4bK62", tooLarge.topVia().branch().orElseThrow());
        assertEquals(1, platform.stats().get("parse.error.TOO_LARGE"));
        assertNull(seen.poll(100, TimeUnit.MILLISECONDS), "the handler got an oversized request");
    }

    @Test
    void aMalformedAckGetsNoResponse() throws Exception {
        SipEndpoint platform = start(tx -> { });
        RawUdpPeer camera = udpPeer();
        byte[] ack = DeviceMessages.message("ACK sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP " + LOOPBACK + ":" + camera.port() + ";rport;branch=z9hG4bK63\r\n"
                + "From: <sip:34020000001320000002@3402000000>;tag=1\r\n"
                + "To: <sip:34020000002000000001@3402000000>;tag=2\r\n"
                + "Call-ID: ack-1\r\n"
                + "CSeq: 1 ACK\r\n", "");

        camera.send(DeviceMessages.text(ack).replace("Content-Length: 0", "Content-Length: 40").getBytes(StandardCharsets.UTF_8), platform.port());

        assertNull(camera.receive(300), "an ACK was answered (RFC 3261 §17.2.1: never)");
        assertEquals(1, platform.stats().get("parse.error.BODY_LENGTH"));
    }
}
