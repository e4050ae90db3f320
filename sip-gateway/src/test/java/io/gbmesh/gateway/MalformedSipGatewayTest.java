package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.sipstack.SipTransport;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A running gateway fed requests that break the RFC 3261 grammar, as REGISTER, MESSAGE (claiming a
 * registered device) and INVITE, over UDP and TCP: each is answered {@code 400} with a reason or not at
 * all, never {@code 2xx}, and a real device keeps being served. After each bad request the same socket
 * sends an OPTIONS, which the gateway answers at once: its answer marks the end of the bad one's.
 */
class MalformedSipGatewayTest {
    private static final String DEVICE = "34020000001320000701";
    private static final String CLOSED = "\n(closed)";

    private Vertx vertx;
    private int port;
    private DeviceSimulator simulator;
    private BlockingQueue<DeviceOnline> online;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        online = TestSupport.collect(vertx, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port,
                "GB_SIP_PASSWORD", "12345678", "GB_QUERY_ON_ONLINE", "false"))));
        simulator = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withPassword("12345678").withCount(1, "3402000000132", 701)));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            Await.await(simulator.close());
        }
        Await.await(vertx.close());
    }

    /** A bad request: its name, and the mutation of a good request that makes it bad. */
    private record Mutation(String name, UnaryOperator<String> apply, boolean udpOnly) {
        static Mutation of(String name, String from, String to) {
            return new Mutation(name, wire -> replaceOnce(wire, from, to), false);
        }
    }

    private static String replaceOnce(String wire, String from, String to) {
        int at = wire.indexOf(from);
        if (at < 0) {
            throw new IllegalArgumentException("no " + from + " in " + wire);
        }
        return wire.substring(0, at) + to + wire.substring(at + from.length());
    }

    private static List<Mutation> mutations() {
        List<Mutation> m = new ArrayList<>();
        m.add(Mutation.of("display name with unquoted separators", "From: <", "From: a<b>c <"));
        m.add(Mutation.of("display name with ;tag", "From: <", "From: evil;tag=1 <"));
        m.add(Mutation.of("trailing ';' after To", "\r\nCall-ID:", ";tag=9;\r\nCall-ID:"));
        m.add(Mutation.of("second '>' in To", ">\r\nCall-ID:", ">>\r\nCall-ID:"));
        m.add(new Mutation("leading space in the request line", wire -> " " + wire, false));
        m.add(Mutation.of("two spaces in the request line", " sip:", "  sip:"));
        m.add(Mutation.of("tab in the request line", " sip:", "\tsip:"));
        m.add(Mutation.of("trailing space in the request line", " SIP/2.0\r\n", " SIP/2.0 \r\n"));
        m.add(Mutation.of("bad SIP version", " SIP/2.0\r\n", " SIP/3.0\r\n"));
        m.add(new Mutation("method with an illegal character", wire -> wire.replaceFirst("^([A-Z]+) ", "$1@ "), false));
        m.add(new Mutation("Request-URI that is not a URI", wire -> wire.replaceFirst(" sip:[^ ]+ ", " nonsense "), false));
        m.add(new Mutation("CSeq method of another request", wire -> wire.replaceFirst("CSeq: (\\d+) [A-Z]+", "CSeq: $1 BYE"), false));
        m.add(new Mutation("missing Via", wire -> wire.replaceFirst("Via: [^\r]*\r\n", ""), false));
        m.add(new Mutation("missing Call-ID", wire -> wire.replaceFirst("Call-ID: [^\r]*\r\n", ""), false));
        m.add(new Mutation("negative Content-Length", wire -> wire.replaceFirst("Content-Length: \\d+", "Content-Length: -1"), false));
        m.add(new Mutation("non-numeric Content-Length", wire -> wire.replaceFirst("Content-Length: \\d+", "Content-Length: x"), false));
        m.add(new Mutation("Content-Length larger than the datagram", wire -> wire.replaceFirst("Content-Length: \\d+", "Content-Length: 99999"), true));
        m.add(new Mutation("two different Call-IDs", wire -> wire.replaceFirst("(Call-ID: [^\r]*\r\n)", "$1Call-ID: other\r\n"), false));
        m.add(new Mutation("two different CSeqs", wire -> wire.replaceFirst("(CSeq: [^\r]*\r\n)", "$1CSeq: 99 MESSAGE\r\n"), false));
        m.add(new Mutation("two different Froms", wire -> wire.replaceFirst("(From: [^\r]*\r\n)", "$1From: <sip:34020000001320000999@3402000000>;tag=5\r\n"), false));
        m.add(new Mutation("NUL in a header", wire -> wire.replaceFirst("Max-Forwards: 70", "Max-Forwards: 7\00"), false));
        m.add(new Mutation("escape character in a header", wire -> wire.replaceFirst("Max-Forwards: 70", "Max-Forwards: 70\u001b[2J"), false));
        m.add(new Mutation("space inside a header name", wire -> wire.replaceFirst("Max-Forwards:", "Max Forwards:"), false));
        return m;
    }

    private static String request(String method, String callId, int sourcePort) {
        String body = "";
        String type = "";
        String requestUri = "sip:34020000002000000001@3402000000";
        if (method.equals("MESSAGE")) {
            body = "<?xml version=\"1.0\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>7</SN>\r\n<DeviceID>" + DEVICE
                    + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n";
            type = "Content-Type: Application/MANSCDP+xml\r\n";
        } else if (method.equals("INVITE")) {
            body = "v=0\r\no=" + DEVICE + " 0 0 IN IP4 127.0.0.1\r\ns=Talk\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\n"
                    + "m=audio 8000 RTP/AVP 8\r\na=sendrecv\r\na=rtpmap:8 PCMA/8000\r\ny=0100000001\r\n";
            type = "Content-Type: application/sdp\r\n";
        }
        return method + " " + requestUri + " SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + sourcePort + ";rport;branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:" + DEVICE + "@3402000000>;tag=" + callId + "\r\n"
                + "To: <sip:" + (method.equals("REGISTER") ? DEVICE : "34020000002000000001") + "@3402000000>\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 20 " + method + "\r\n"
                + "Contact: <sip:" + DEVICE + "@127.0.0.1:" + sourcePort + ">\r\n"
                + "Max-Forwards: 70\r\n"
                + (method.equals("REGISTER") ? "Expires: 3600\r\n" : "")
                + type + "Content-Length: " + body.length() + "\r\n\r\n" + body;
    }

    private static String options(String callId, int sourcePort) {
        return "OPTIONS sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/UDP 127.0.0.1:" + sourcePort + ";rport;branch=z9hG4bK" + callId + "\r\n"
                + "From: <sip:34020000001320000799@3402000000>;tag=1\r\n"
                + "To: <sip:34020000002000000001@3402000000>\r\n"
                + "Call-ID: " + callId + "\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n";
    }

    /** What came back on a socket: raw responses, split at their start lines. */
    private static List<String> responses(String text) {
        List<String> out = new ArrayList<>();
        for (String part : text.split("(?=SIP/2\\.0 \\d{3} )")) {
            if (part.startsWith("SIP/2.0 ")) {
                out.add(part);
            }
        }
        return out;
    }

    private static String callIdOf(String response) {
        int at = response.indexOf("\r\nCall-ID: ");
        if (at < 0) {
            return "";
        }
        int end = response.indexOf("\r\n", at + 2);
        return response.substring(at + 11, end).trim();
    }

    /** Fails when a response to a bad request is anything but a 400 with a reason. */
    private static void checkAnswer(String what, String response) {
        String statusLine = response.substring(0, response.indexOf("\r\n"));
        assertFalse(statusLine.startsWith("SIP/2.0 2"), what + " got " + statusLine);
        assertTrue(statusLine.startsWith("SIP/2.0 400 ") && statusLine.length() > "SIP/2.0 400 ".length(),
                what + " must get 400 with a reason, got " + statusLine);
    }

    @ParameterizedTest
    @EnumSource(SipTransport.class)
    void aRequestThatBreaksTheGrammarIsNeverAccepted(SipTransport transport) throws Exception {
        TestSupport.next(online, Duration.ofSeconds(10), e -> e.deviceId().equals(DEVICE));
        int cases = 0;
        int answered = 0;
        for (String method : List.of("REGISTER", "MESSAGE", "INVITE")) {
            for (Mutation mutation : mutations()) {
                if (mutation.udpOnly() && transport == SipTransport.TCP) {
                    continue;
                }
                String callId = "bad" + cases++ + "x" + System.nanoTime();
                answered += exchange(transport, method + ": " + mutation.name(),
                        sourcePort -> mutation.apply().apply(request(method, callId, sourcePort)), callId);
            }
        }
        String bomb = "<??>".repeat(15_000);
        String bombId = "bomb" + System.nanoTime();
        answered += exchange(transport, "MESSAGE with a <??> bomb", sourcePort -> request("MESSAGE", bombId, sourcePort)
                .replaceFirst("Content-Length: \\d+\r\n\r\n[\\s\\S]*", "Content-Length: " + bomb.length() + "\r\n\r\n" + bomb), bombId);
        assertTrue(answered > cases / 2, "most bad requests are answered 400: " + answered + " of " + cases);

        // the gateway keeps serving the real device and lets a new one register
        assertTrue(simulator.device(0).registered());
        DeviceSimulator another = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withTransport(transport).withPassword("12345678").withCount(1, "3402000000132", 702)));
        try {
            assertTrue(another.device(0).registered());
            TestSupport.next(online, Duration.ofSeconds(10), e -> e.deviceId().equals("34020000001320000702"));
        } finally {
            Await.await(another.close());
        }
    }

    private interface Wire {
        String build(int sourcePort);
    }

    /** Sends a bad request then an OPTIONS on one socket; returns 1 when the bad one was answered (400). */
    private int exchange(SipTransport transport, String what, Wire bad, String callId) throws IOException {
        String probeId = "probe" + System.nanoTime();
        String received = transport == SipTransport.UDP ? overUdp(bad, probeId, callId) : overTcp(bad, probeId);
        // on TCP a stream that cannot be framed any more is closed: that is silence too
        assertTrue(received.contains("Call-ID: " + probeId) || received.endsWith(CLOSED),
                what + ": the OPTIONS after it is answered");
        int answered = 0;
        for (String response : responses(received)) {
            if (callIdOf(response).startsWith(callId)) {
                checkAnswer(what, response);
                answered = 1;
            }
        }
        return answered;
    }

    /**
     * The answers to a bad request and the OPTIONS sent after it. The gateway answers a request whose
     * handling waits on the registry after one it answers at once, so the bad request's answer may come
     * after the OPTIONS': it is waited for another 300 ms.
     */
    private String overUdp(Wire bad, String probeId, String callId) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(5000);
            int local = socket.getLocalPort();
            for (String wire : List.of(bad.build(local), options(probeId, local))) {
                byte[] bytes = wire.getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), port));
            }
            StringBuilder in = new StringBuilder();
            long lateUntil = 0;
            while (true) {
                String text = in.toString();
                if (text.contains("Call-ID: " + probeId)) {
                    if (text.contains("Call-ID: " + callId) || (lateUntil != 0 && System.nanoTime() - lateUntil >= 0)) {
                        return text;
                    }
                    if (lateUntil == 0) {
                        lateUntil = System.nanoTime() + 300_000_000L;
                        socket.setSoTimeout(300);
                    }
                }
                DatagramPacket packet = new DatagramPacket(new byte[65_535], 65_535);
                try {
                    socket.receive(packet);
                } catch (java.net.SocketTimeoutException late) {
                    if (lateUntil != 0) {
                        return in.toString();
                    }
                    throw late;
                }
                in.append(new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8));
            }
        }
    }

    private String overTcp(Wire bad, String probeId) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5000);
            int local = socket.getLocalPort();
            socket.getOutputStream().write((bad.build(local) + options(probeId, local)).getBytes(StandardCharsets.UTF_8));
            InputStream input = socket.getInputStream();
            StringBuilder in = new StringBuilder();
            byte[] buffer = new byte[8192];
            try {
                while (!in.toString().contains("Call-ID: " + probeId)) {
                    int n = input.read(buffer);
                    if (n < 0) {
                        in.append(CLOSED);
                        break;
                    }
                    in.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                }
            } catch (SocketTimeoutException silent) {
                // nothing more came: the assertion on the probe says what was missing
            }
            return in.toString();
        }
    }
}
