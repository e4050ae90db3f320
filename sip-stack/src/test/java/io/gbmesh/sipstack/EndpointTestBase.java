package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipLimits;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh Vert.x per test and endpoints on loopback with short timers, all closed afterwards. */
abstract class EndpointTestBase {
    /** T1 50 ms, T2 400 ms, T4 500 ms, transaction timeout 2 s: RFC 3261 behaviour, test-sized. */
    static final SipTimers FAST = new SipTimers(50, 400, 500, 2000);
    static final String LOOPBACK = "127.0.0.1";

    Vertx vertx;
    private final List<SipEndpoint> endpoints = new ArrayList<>();
    private final List<AutoCloseable> sockets = new ArrayList<>();

    @BeforeEach
    void startVertx() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void closeEverything() throws Exception {
        for (AutoCloseable s : sockets) {
            s.close();
        }
        List<Future<Void>> closing = new ArrayList<>();
        for (SipEndpoint e : endpoints) {
            closing.add(e.close());
        }
        Await.await(Future.join(closing), 5000);
        Await.await(vertx.close(), 5000);
    }

    SipEndpoint start(SipRequestHandler handler) throws Exception {
        return start(ListenMode.BOTH, handler);
    }

    SipEndpoint start(ListenMode mode, SipRequestHandler handler) throws Exception {
        return start(SipEndpointOptions.of(LOOPBACK, 0).withMode(mode).withTimers(FAST), handler);
    }

    SipEndpoint start(SipLimits limits, SipRequestHandler handler) throws Exception {
        SipEndpointOptions o = SipEndpointOptions.of(LOOPBACK, 0).withTimers(FAST);
        return start(new SipEndpointOptions(o.host(), o.port(), o.mode(), o.advertisedHost(), limits, o.timers(), o.userAgent()), handler);
    }

    /** Loopback, port 0, both transports, the fast timers. */
    static SipEndpointOptions fastOptions() {
        return SipEndpointOptions.of(LOOPBACK, 0).withTimers(FAST);
    }

    SipEndpoint start(SipEndpointOptions options, SipRequestHandler handler) throws Exception {
        SipEndpoint endpoint = Await.await(SipEndpoint.start(vertx, options, handler), 5000);
        endpoints.add(endpoint);
        return endpoint;
    }

    RawUdpPeer udpPeer() throws Exception {
        RawUdpPeer peer = new RawUdpPeer();
        sockets.add(peer);
        return peer;
    }

    RawUdpPeer udpPeer(String host, int port) throws Exception {
        RawUdpPeer peer = new RawUdpPeer(host, port);
        sockets.add(peer);
        return peer;
    }

    RawTcpDevice tcpDevice(String localHost, int port) throws Exception {
        RawTcpDevice device = new RawTcpDevice(localHost, port);
        sockets.add(device);
        return device;
    }

    RawTcpDevice tcpDevice(int port) throws Exception {
        RawTcpDevice device = new RawTcpDevice(port);
        sockets.add(device);
        return device;
    }

    /** A handler that records each transaction and answers it at once with {@code code}. */
    static SipRequestHandler answering(int code, BlockingQueue<ServerTransaction> seen) {
        return tx -> {
            seen.add(tx);
            tx.respond(SipResponse.to(tx.request(), code, "4711").build());
        };
    }

    /** A handler that records each transaction and leaves it unanswered. */
    static SipRequestHandler holding(BlockingQueue<ServerTransaction> seen) {
        return seen::add;
    }

    /** The platform's DeviceInfo query as {@code from} sends it, with a fresh branch in its own Via. */
    static SipRequest query(SipEndpoint from, SipTransport transport, int cseq) throws Exception {
        return query(from, from.newVia(transport).toString(), cseq);
    }

    static SipRequest query(SipEndpoint from, String via, int cseq) throws Exception {
        return SipRequest.builder("MESSAGE", SipUri.parse("sip:34020000001320000002@3402000000"))
                .header("Via", via)
                .from(NameAddress.parse("<sip:34020000002000000001@3402000000>").withTag(Branches.tag()))
                .to(NameAddress.parse("<sip:34020000001320000002@3402000000>"))
                .callId(Branches.callId())
                .cseq(cseq, "MESSAGE")
                .header("Max-Forwards", 70)
                .body("Application/MANSCDP+xml", ("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Query>\r\n"
                        + "<CmdType>DeviceInfo</CmdType>\r\n<SN>" + cseq + "</SN>\r\n"
                        + "<DeviceID>34020000001320000002</DeviceID>\r\n</Query>\r\n").getBytes())
                .build();
    }

    static Peer udp(int port) {
        return new Peer(SipTransport.UDP, LOOPBACK, port);
    }

    static Peer tcp(int port) {
        return new Peer(SipTransport.TCP, LOOPBACK, port);
    }
}
