package io.gbmesh.gateway;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipStreamFramer;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A device (or someone pretending to be one) written out message by message on a plain socket: UDP
 * from its own port, or one TCP connection. Whatever ID it claims is up to the test.
 */
final class RawDevice implements AutoCloseable {
    private static final AtomicLong SEQ = new AtomicLong();

    private final int gatewayPort;
    private final DatagramSocket udp;
    private final Socket tcp;
    private final InputStream tcpIn;
    private final SipStreamFramer framer = new SipStreamFramer();
    private final ArrayDeque<byte[]> framed = new ArrayDeque<>();

    private RawDevice(int gatewayPort, DatagramSocket udp, Socket tcp) throws IOException {
        this.gatewayPort = gatewayPort;
        this.udp = udp;
        this.tcp = tcp;
        this.tcpIn = tcp == null ? null : tcp.getInputStream();
    }

    static RawDevice udp(int gatewayPort) throws IOException {
        return new RawDevice(gatewayPort, new DatagramSocket(0, InetAddress.getLoopbackAddress()), null);
    }

    static RawDevice tcp(int gatewayPort) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), gatewayPort);
        s.setTcpNoDelay(true);
        return new RawDevice(gatewayPort, null, s);
    }

    /** The source port the gateway sees. */
    int port() {
        return udp != null ? udp.getLocalPort() : tcp.getLocalPort();
    }

    private String transport() {
        return udp != null ? "UDP" : "TCP";
    }

    private Via via() {
        return Via.of(transport(), "127.0.0.1", port(), "z9hG4bK-raw-" + SEQ.incrementAndGet());
    }

    /** REGISTER as {@code deviceId} without credentials (the gateway under test runs without a password); the status. */
    int register(String deviceId) throws Exception {
        send(SipRequest.builder("REGISTER", SipUri.of("34020000002000000001", "3402000000", -1))
                .via(via())
                .from(NameAddress.of(SipUri.of(deviceId, "3402000000", -1)).withTag("r" + SEQ.incrementAndGet()))
                .to(NameAddress.of(SipUri.of(deviceId, "3402000000", -1)))
                .callId("raw-register-" + SEQ.incrementAndGet()).cseq(1, "REGISTER")
                .contact(NameAddress.of(SipUri.of(deviceId, "127.0.0.1", port())))
                .header("Max-Forwards", 70).header("Expires", 3600).header("Content-Length", 0)
                .build());
        return ((SipResponse) receive(m -> m instanceof SipResponse r && r.cseq().method().equals("REGISTER"))).statusCode();
    }

    /** A MESSAGE from {@code deviceId} with a MANSCDP body; the status it is answered with. */
    int message(String deviceId, String body) throws Exception {
        sendMessage(deviceId, body);
        return ((SipResponse) receive(m -> m instanceof SipResponse r && r.cseq().method().equals("MESSAGE"))).statusCode();
    }

    /** Sends a MESSAGE without waiting for its answer. */
    void sendMessage(String deviceId, String body) throws Exception {
        send(SipRequest.builder("MESSAGE", SipUri.of("34020000002000000001", "3402000000", -1))
                .via(via())
                .from(NameAddress.of(SipUri.of(deviceId, "3402000000", -1)).withTag("m" + SEQ.incrementAndGet()))
                .to(NameAddress.of(SipUri.of("34020000002000000001", "3402000000", -1)))
                .callId("raw-message-" + SEQ.incrementAndGet()).cseq(20, "MESSAGE")
                .header("Max-Forwards", 70)
                .body("Application/MANSCDP+xml", body.getBytes(StandardCharsets.UTF_8))
                .build());
    }

    /** REGISTER with {@code Expires: 0}; the status. */
    int unregister(String deviceId) throws Exception {
        send(SipRequest.builder("REGISTER", SipUri.of("34020000002000000001", "3402000000", -1))
                .via(via())
                .from(NameAddress.of(SipUri.of(deviceId, "3402000000", -1)).withTag("u" + SEQ.incrementAndGet()))
                .to(NameAddress.of(SipUri.of(deviceId, "3402000000", -1)))
                .callId("raw-unregister-" + SEQ.incrementAndGet()).cseq(2, "REGISTER")
                .contact(NameAddress.of(SipUri.of(deviceId, "127.0.0.1", port())))
                .header("Max-Forwards", 70).header("Expires", 0).header("Content-Length", 0)
                .build());
        return ((SipResponse) receive(m -> m instanceof SipResponse r && r.cseq().method().equals("REGISTER"))).statusCode();
    }

    /** A NOTIFY from {@code deviceId} in the dialog {@code callId} with a MANSCDP body; the status it is answered with. */
    int notifyRequest(String deviceId, String callId, String body) throws Exception {
        send(SipRequest.builder("NOTIFY", SipUri.of("34020000002000000001", "127.0.0.1", gatewayPort))
                .via(via())
                .from(NameAddress.of(SipUri.of(deviceId, "3402000000", -1)).withTag("n" + SEQ.incrementAndGet()))
                .to(NameAddress.of(SipUri.of("34020000002000000001", "3402000000", -1)).withTag("gw"))
                .callId(callId).cseq(SEQ.incrementAndGet(), "NOTIFY")
                .header("Max-Forwards", 70).header("Event", "presence").header("Subscription-State", "active;expires=60")
                .body("Application/MANSCDP+xml", body.getBytes(StandardCharsets.UTF_8))
                .build());
        return ((SipResponse) receive(m -> m instanceof SipResponse r && r.cseq().method().equals("NOTIFY"))).statusCode();
    }

    /** Answers a request of the gateway with {@code code}, adding the extra header pairs. */
    void answer(SipRequest request, int code, Object... headerPairs) throws IOException {
        SipResponse.Builder b = SipResponse.to(request, code, "dev" + SEQ.incrementAndGet());
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            b.header((String) headerPairs[i], headerPairs[i + 1]);
        }
        send(b.build());
    }

    static String keepalive(String deviceId) {
        return notify("Keepalive", deviceId, "<Status>OK</Status>\r\n");
    }

    static String alarm(String deviceId) {
        return notify("Alarm", deviceId, "<AlarmPriority>1</AlarmPriority>\r\n");
    }

    /** A catalog notification of {@code deviceId} adding channels, given as ID and name pairs. */
    static String catalogAdd(String deviceId, String... idsAndNames) {
        int count = idsAndNames.length / 2;
        StringBuilder items = new StringBuilder("<SumNum>" + count + "</SumNum>\r\n<DeviceList Num=\"" + count + "\">\r\n");
        for (int i = 0; i + 1 < idsAndNames.length; i += 2) {
            items.append("<Item>\r\n<DeviceID>").append(idsAndNames[i]).append("</DeviceID>\r\n<Event>ADD</Event>\r\n<Name>")
                    .append(idsAndNames[i + 1]).append("</Name>\r\n</Item>\r\n");
        }
        return notify("Catalog", deviceId, items.append("</DeviceList>\r\n").toString());
    }

    static String notify(String cmdType, String deviceId, String rest) {
        return "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>" + cmdType + "</CmdType>\r\n<SN>"
                + SEQ.incrementAndGet() + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n" + rest + "</Notify>\r\n";
    }

    static String deviceInfoResponse(long sn, String deviceId, String name) {
        return "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Response>\r\n<CmdType>DeviceInfo</CmdType>\r\n<SN>" + sn
                + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n<DeviceName>" + name + "</DeviceName>\r\n"
                + "<Result>OK</Result>\r\n<Manufacturer>Test</Manufacturer>\r\n<Model>Raw</Model>\r\n"
                + "<Firmware>V1</Firmware>\r\n<Channel>1</Channel>\r\n</Response>\r\n";
    }

    void send(SipMessage message) throws IOException {
        sendBytes(message.toBytes());
    }

    void sendBytes(byte[] bytes) throws IOException {
        if (udp != null) {
            udp.send(new DatagramPacket(bytes, bytes.length, InetAddress.getLoopbackAddress(), gatewayPort));
        } else {
            tcp.getOutputStream().write(bytes);
            tcp.getOutputStream().flush();
        }
    }

    /** The next message that matches, skipping others (retransmissions, queries); fails after 5 s. */
    SipMessage receive(Predicate<SipMessage> match) throws Exception {
        long deadline = System.currentTimeMillis() + 5000;
        while (true) {
            byte[] bytes = next(deadline);
            if (bytes == null) {
                throw new AssertionError("no matching message within 5 s");
            }
            SipMessage m = new SipParser().parse(bytes);
            if (match.test(m)) {
                return m;
            }
        }
    }

    /** Whether a message arrives within {@code millis}. */
    boolean quietFor(long millis) throws Exception {
        return next(System.currentTimeMillis() + millis) == null;
    }

    private byte[] next(long deadline) throws Exception {
        if (udp != null) {
            byte[] buffer = new byte[65536];
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            udp.setSoTimeout((int) left);
            try {
                udp.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            return Arrays.copyOf(p.getData(), p.getLength());
        }
        byte[] buffer = new byte[8192];
        while (framed.isEmpty()) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            tcp.setSoTimeout((int) left);
            int n;
            try {
                n = tcpIn.read(buffer);
            } catch (SocketTimeoutException e) {
                return null;
            }
            if (n < 0) {
                return null;
            }
            framer.feed(Arrays.copyOf(buffer, n), framed::add);
        }
        return framed.poll();
    }

    @Override
    public void close() throws IOException {
        if (udp != null) {
            udp.close();
        } else {
            tcp.close();
        }
    }
}
