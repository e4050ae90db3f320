package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.Via;
import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A SIP endpoint on one port over UDP and TCP: hands every datagram and every framed TCP message
 * to the same parser, keeps server transactions (retransmissions absorbed, RFC 3261 §17.2) and
 * client transactions (UDP retransmission, timeout, RFC 3261 §17.1), and routes responses the way
 * RFC 3261 §18.2.2 and RFC 3581 say so that devices behind NAT get their answers.
 * UDP datagrams are read and parsed on the event loops of the endpoint's UDP sockets
 * ({@link UdpChannels}) and handed over, one task per read, to the event loop that started the
 * endpoint; everything else (transactions, handlers, TCP, timers) runs on that one loop.
 */
public final class SipEndpoint {
    private static final Logger LOG = LoggerFactory.getLogger(SipEndpoint.class);

    private final Vertx vertx;
    private final Context context;
    private final SipEndpointOptions options;
    private final SipParser parser;
    private final SipStats stats = new SipStats();
    private final ServerTransactionTable serverTransactions;
    private final Map<String, ClientTransaction> clientTransactions = new HashMap<>();
    private final TcpConnections tcp;
    private SipRequestHandler requestHandler = tx -> tx.respond(SipResponse.to(tx.request(), 501, Branches.tag()).build());
    private Consumer<SipResponse> strayResponseHandler = r -> { };
    /** Requests handled ahead of everything else received (set before traffic; read on the UDP loops). */
    private volatile Predicate<SipRequest> urgent = r -> false;
    private volatile Function<SipRequest, Object> preparer = r -> null;
    /** Urgent UDP requests parsed and not yet handled, in arrival order. */
    private final Queue<Parsed> urgentQueue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger urgentWaiting = new AtomicInteger();
    private UdpChannels udp;
    private NetServer tcpServer;
    private int boundPort;
    private long sweepTimer = -1;
    private long lastErrorLog;
    private boolean tcpClientCreated;

    private SipEndpoint(Vertx vertx, SipEndpointOptions options) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.options = options;
        this.parser = new SipParser(options.limits());
        this.serverTransactions = new ServerTransactionTable(options.timers().timeout(), options.timers().timeout(),
                options.bounds().maxServerTransactions(), options.bounds().maxCompletedTransactions(),
                () -> stats.increment("tx.server.evicted"), () -> stats.increment("tx.server.not-kept"));
        this.tcp = new TcpConnections(options.limits(), options.bounds(), stats, this::onBytes);
    }

    /** Binds UDP and/or TCP on the configured port (the same number for both) and starts. */
    public static Future<SipEndpoint> start(Vertx vertx, SipEndpointOptions options, SipRequestHandler handler) {
        SipEndpoint endpoint = new SipEndpoint(vertx, options);
        endpoint.requestHandler = handler;
        // bound from the endpoint's own context, so that UDP, TCP and timers all run on that one event loop
        Promise<SipEndpoint> started = Promise.promise();
        endpoint.context.runOnContext(v -> endpoint.bind().map(endpoint).onComplete(started));
        return started.future();
    }

    /**
     * With port 0 the UDP socket picks a free port and TCP must then take the same number, which
     * another program may hold: try again with a new number a few times.
     */
    private Future<Void> bind() {
        return bindOnce().recover(err -> {
            if (options.port() != 0 || !options.mode().udp() || !options.mode().tcp()) {
                return Future.failedFuture(err);
            }
            return closeSockets().transform(v -> bindOnce()).recover(again -> closeSockets().transform(v -> bindOnce()))
                    .recover(again -> closeSockets().transform(v -> bindOnce()));
        }).onSuccess(v -> sweepTimer = vertx.setPeriodic(sweepPeriod(), id -> sweep()));
    }

    /** Often enough that no deadline is overshot by more than a quarter, at most once a second. */
    private long sweepPeriod() {
        EndpointLimits b = options.bounds();
        long shortest = Math.min(options.timers().timeout(), Math.min(b.tcpUnboundIdleMillis(), b.tcpMessageTimeoutMillis()));
        return Math.max(20, Math.min(1000, shortest / 4));
    }

    private void sweep() {
        long now = System.currentTimeMillis();
        for (ServerTransaction tx : serverTransactions.expire(now)) {
            // the handler never answered: answer for it, so the client is not left retransmitting
            stats.increment("tx.server.expired");
            tx.expired = true;
            if (!tx.request().method().equals("ACK")) {
                answer(tx, SipResponse.to(tx.request(), 500, Branches.tag()).reason("Request Not Handled In Time").build());
            }
        }
        tcp.sweep(now);
    }

    private Future<Void> closeSockets() {
        Future<Void> u = udp == null ? Future.succeededFuture() : onContext(udp.close());
        Future<Void> t = tcpServer == null ? Future.succeededFuture() : tcpServer.close();
        udp = null;
        tcpServer = null;
        return Future.join(u, t).mapEmpty();
    }

    private Future<Void> bindOnce() {
        Future<Integer> udpBound = Future.succeededFuture(options.port());
        if (options.mode().udp()) {
            udpBound = onContext(UdpChannels.bind(vertx, context, options.host(), options.port(),
                    options.bounds().udpSockets(), this::onDatagrams, () -> stats.increment("rx.socket-error"))).map(channels -> {
                        udp = channels;
                        return channels.port();
                    });
        }
        return udpBound.compose(port -> {
            boundPort = port;
            if (!tcpClientCreated) {
                tcpClientCreated = true;
                tcp.client(vertx.createNetClient(new NetClientOptions().setConnectTimeout(5000).setTcpNoDelay(true)));
            }
            if (!options.mode().tcp()) {
                return Future.succeededFuture();
            }
            tcpServer = vertx.createNetServer(new NetServerOptions().setTcpNoDelay(true).setAcceptBacklog(1024));
            tcpServer.connectHandler(tcp::accept);
            return tcpServer.listen(port, options.host()).map(s -> {
                boundPort = s.actualPort();
                return null;
            });
        }).mapEmpty();
    }

    public void requestHandler(SipRequestHandler handler) {
        this.requestHandler = handler;
    }

    /**
     * Requests that jump the queue: a UDP request this predicate accepts (it runs on the UDP
     * sockets' loops, so it must be cheap and thread-safe) is handled before every message received
     * ahead of it and still waiting for the endpoint's loop. A gateway names REGISTER and keepalives
     * so that, under a registration storm, devices come and stay online before the answers to its
     * own queries are looked at. Messages of one class keep their order; UDP only (TCP keeps its order).
     */
    public void urgentRequests(Predicate<SipRequest> urgent) {
        this.urgent = urgent;
    }

    /**
     * Work on a request that can be done where it is parsed (for UDP, on the sockets' loops, off the
     * endpoint's loop, which handles every request of the endpoint): what {@code preparer} returns is
     * the transaction's {@link ServerTransaction#prepared()}. It must be pure (no state of the handler)
     * and thread-safe; a failure of it leaves {@code prepared()} null.
     */
    public void prepareRequests(Function<SipRequest, Object> preparer) {
        this.preparer = preparer;
    }

    /** Urgent requests ({@link #urgentRequests}) received and not yet handled: work that others should leave room for. */
    public int urgentWaiting() {
        return urgentWaiting.get();
    }

    /** Responses that match no transaction we have (e.g. retransmitted 2xx to an INVITE). */
    public void strayResponseHandler(Consumer<SipResponse> handler) {
        this.strayResponseHandler = handler;
    }

    public int port() {
        return boundPort;
    }

    public SipEndpointOptions options() {
        return options;
    }

    public String advertisedHost() {
        return options.advertisedHost();
    }

    public SipStats stats() {
        return stats;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** A Via for a request we send over the given transport, with a fresh branch and rport asked for. */
    public Via newVia(SipTransport transport) {
        return Via.of(transport.name(), options.advertisedHost(), boundPort, Branches.branch()).stampRportRequest();
    }

    public int pendingClientTransactions() {
        return clientTransactions.size();
    }

    public int serverTransactionCount() {
        return serverTransactions.size();
    }

    public boolean hasTcpConnection(Peer peer) {
        return tcp.isOpen(peer);
    }

    /** Open TCP connections that devices opened to us (bounded by the endpoint's limits). */
    public int acceptedTcpConnections() {
        return tcp.acceptedCount();
    }

    /**
     * Marks the TCP connection of {@code peer} as carrying a registered device, so the idle timeout of
     * connections that never registered no longer applies to it. Nothing to do for UDP.
     */
    public void bind(Peer peer) {
        if (peer.transport() != SipTransport.TCP) {
            return;
        }
        if (onContext()) {
            tcp.bind(peer);
        } else {
            context.runOnContext(v -> tcp.bind(peer));
        }
    }

    /** The capacity of the framing buffer of a TCP connection (-1 when none): it shrinks back after a large message. */
    int framingCapacity(Peer peer) {
        return tcp.framingCapacity(peer);
    }

    // ---- receiving

    /** A received message parsed (or its parse error), with where it came from. */
    private record Parsed(SipMessage message, SipParseException error, Throwable failure, Peer source, Object prepared) {
    }

    /** On a UDP socket's loop: parses the datagrams of one read, then hands them to the endpoint's loop in one task. */
    private void onDatagrams(List<UdpChannels.Datagram> datagrams) {
        List<Parsed> parsed = new ArrayList<>(datagrams.size());
        Predicate<SipRequest> isUrgent = urgent;
        for (UdpChannels.Datagram d : datagrams) {
            Parsed p = parse(d.data(), d.source());
            if (p.message() instanceof SipRequest r && isUrgentSafely(isUrgent, r)) {
                urgentWaiting.incrementAndGet();
                urgentQueue.add(p);
            } else {
                parsed.add(p);
            }
        }
        // one task per read, as before; each task first handles the urgent requests waiting (its own
        // and those of reads queued after it), and again between its other messages, but no more than
        // a few reads' worth: a task that drained the queue while the sockets keep filling it would
        // hold the loop for as long as a storm lasts, and the loop's timers with it (every urgent
        // request comes with a task of its own, so each is handled in its turn at the latest)
        int budget = Math.max(URGENT_PER_TASK, datagrams.size());
        context.runOnContext(v -> {
            int left = budget - handleUrgent(budget);
            for (Parsed p : parsed) {
                onParsed(p);
                left -= handleUrgent(left);
            }
        });
    }

    /** At most this many urgent requests are handled in one task (more than one read of a UDP socket brings). */
    private static final int URGENT_PER_TASK = 64;

    private static boolean isUrgentSafely(Predicate<SipRequest> isUrgent, SipRequest request) {
        try {
            return isUrgent.test(request);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Handles up to {@code max} urgent requests, oldest first; returns how many. */
    private int handleUrgent(int max) {
        int handled = 0;
        Parsed p;
        while (handled < max && (p = urgentQueue.poll()) != null) {
            urgentWaiting.decrementAndGet();
            handled++;
            onParsed(p);
        }
        return handled;
    }

    private Parsed parse(byte[] data, Peer source) {
        SipMessage message;
        try {
            message = parser.parse(data);
        } catch (SipParseException e) {
            return new Parsed(null, e, null, source, null);
        } catch (Throwable e) {
            return new Parsed(null, null, e, source, null);
        }
        return new Parsed(message, null, null, source, message instanceof SipRequest r ? prepareSafely(preparer, r) : null);
    }

    private static Object prepareSafely(Function<SipRequest, Object> preparer, SipRequest request) {
        try {
            return preparer.apply(request);
        } catch (RuntimeException e) {
            return null; // the handler works it out itself
        }
    }

    private void onBytes(byte[] data, Peer source) {
        onParsed(parse(data, source));
    }

    private void onParsed(Parsed parsed) {
        Peer source = parsed.source();
        if (parsed.error() != null) {
            onParseError(parsed.error(), source);
            return;
        }
        if (parsed.failure() != null) {
            // the parser must throw nothing else; if it does, the input is dropped and counted, never fatal
            stats.increment("parse.error.INTERNAL");
            logRarely("parsing a message from " + source + " failed", parsed.failure());
            return;
        }
        SipMessage message = parsed.message();
        try {
            if (message instanceof SipRequest request) {
                onRequest(request, source, parsed.prepared());
            } else {
                onResponse((SipResponse) message, source);
            }
        } catch (Throwable e) {
            stats.increment("handler.error");
            logRarely("handling a message from " + source + " failed", e);
        }
    }

    private void onParseError(SipParseException e, Peer source) {
        if (e.kind() == SipParseException.Kind.EMPTY) {
            stats.increment("rx.ping");
            return;
        }
        stats.increment("parse.error." + e.kind());
        e.partialRequest().ifPresentOrElse(request -> {
            if (!request.method().equals("ACK")) {
                int code = e.kind() == SipParseException.Kind.TOO_LARGE ? 413 : 400;
                ServerTransaction tx = new ServerTransaction(this, request, source, ServerTransactionTable.key(request));
                sendResponse(tx, SipResponse.to(request, code, Branches.tag()).reason(code == 400 ? e.reason() : "Request Entity Too Large").build());
            }
        }, () -> stats.increment("rx.dropped"));
    }

    private void onRequest(SipRequest request, Peer source, Object prepared) {
        String method = SipStats.method(request.method());
        stats.increment("rx.request.", method);
        String key = ServerTransactionTable.key(request);
        boolean ack = request.method().equals("ACK");
        CompletedResponses.Completed done = serverTransactions.findCompleted(key);
        if (done != null) {
            stats.increment("rx.retransmission.", method);
            if (!ack) {
                stats.incrementStatus("tx.response.", done.statusCode());
                udp.send(done.wire(), done.port(), done.host()).onFailure(e -> stats.increment("tx.failed"));
            }
            return;
        }
        ServerTransaction existing = serverTransactions.findActive(key);
        if (existing != null) {
            stats.increment("rx.retransmission.", method);
            if (existing.lastWire != null && !ack) {
                stats.incrementStatus("tx.response.", existing.lastResponse.statusCode());
                transmit(existing, existing.lastWire);
            }
            return;
        }
        ServerTransaction tx = new ServerTransaction(this, request, source, key, prepared);
        if (!ack && !serverTransactions.add(tx)) {
            // full of transactions in progress: refuse statelessly, the client retries later
            stats.increment("tx.server.refused");
            answer(tx, SipResponse.to(request, 503, Branches.tag()).reason("Service Unavailable")
                    .header("Retry-After", EndpointLimits.RETRY_AFTER_SECONDS).build());
            return;
        }
        try {
            requestHandler.handle(tx);
        } catch (Throwable e) {
            // whatever the handler threw (a StackOverflowError too), the request is answered and its
            // transaction completes instead of staying in the table
            stats.increment("handler.error");
            logRarely("handling " + method + " from " + source + " failed", e);
            if (!tx.answered() && !ack) {
                answer(tx, SipResponse.to(request, 500, Branches.tag()).reason("Server Internal Error").build());
            }
        }
    }

    private void onResponse(SipResponse response, Peer source) {
        stats.incrementStatus("rx.response.", response.statusCode());
        String key = response.topVia().branch().orElse("") + '|' + response.cseq().method();
        ClientTransaction ct = clientTransactions.get(key);
        if (ct == null) {
            stats.increment("rx.response.stray");
            strayResponseHandler.accept(response);
            return;
        }
        if (!ct.answeredFrom(source)) {
            // a response is taken only from where the request went (its TCP connection, or its UDP
            // address): anyone who saw the branch could otherwise answer for the device
            stats.increment("rx.response.wrong-source");
            return;
        }
        if (response.isProvisional()) {
            ct.provisionalSeen = true;
            if (ct.isInvite()) {
                cancelRetransmit(ct);
            }
            if (ct.provisionalHandler != null) {
                ct.provisionalHandler.accept(response);
            }
            return;
        }
        clientTransactions.remove(key);
        cancelRetransmit(ct);
        vertx.cancelTimer(ct.timeoutTimer);
        ct.promise.tryComplete(response);
    }

    // ---- sending responses

    void sendResponse(ServerTransaction tx, SipResponse response) {
        if (!onContext()) {
            context.runOnContext(v -> sendResponse(tx, response));
            return;
        }
        if (tx.expired) {
            stats.increment("tx.response.late");
            return;
        }
        answer(tx, response);
    }

    /** Sends a response of the transaction, stamped with where its request really came from. */
    private void answer(ServerTransaction tx, SipResponse response) {
        // a received= the client wrote itself is never a destination (nor echoed): only what we observed
        Via claimed = response.topVia();
        Via top = new Via(claimed.transport(), claimed.host(), claimed.port(), claimed.parameters().without("received"))
                .stampSource(tx.source().host(), tx.source().port());
        SipResponse stamped = response.toBuilder().topVia(top).build();
        if (options.userAgent() != null && !stamped.has(SipHeaderNames.USER_AGENT) && !stamped.has(SipHeaderNames.SERVER)) {
            stamped = stamped.toBuilder().header(SipHeaderNames.USER_AGENT, options.userAgent()).build();
        }
        tx.lastResponse = stamped;
        byte[] wire = stamped.toBytes();
        tx.lastWire = wire;
        stats.incrementStatus("tx.response.", stamped.statusCode());
        if (tx.source().transport() == SipTransport.TCP) {
            if (stamped.statusCode() >= 200) {
                serverTransactions.completed(tx, stamped.statusCode(), wire, null, 0, System.currentTimeMillis(), true);
            }
            transmit(tx, wire);
            return;
        }
        // RFC 3261 §18.2.2 with RFC 3581: the source address, its port when rport was asked for, else
        // the Via port; the host always the one observed, whatever the Via claims
        String host = tx.source().host();
        int port = top.hasRport() ? tx.source().port() : top.portOrDefault();
        if (stamped.statusCode() >= 200) {
            serverTransactions.completed(tx, stamped.statusCode(), wire, host, port, System.currentTimeMillis(), false);
        }
        udp.send(wire, port, host).onFailure(e -> stats.increment("tx.failed"));
    }

    /** Sends a response's bytes again where the transaction's response goes. */
    private void transmit(ServerTransaction tx, byte[] wire) {
        if (tx.source().transport() == SipTransport.TCP) {
            tcp.send(tx.source(), wire).onFailure(e -> stats.increment("tx.failed"));
            return;
        }
        String host = tx.source().host();
        int port = tx.lastResponse.topVia().hasRport() ? tx.source().port() : tx.lastResponse.topVia().portOrDefault();
        udp.send(wire, port, host).onFailure(e -> stats.increment("tx.failed"));
    }

    // ---- sending requests

    /** Sends a request in a new client transaction; the future holds the final response or fails with {@link SipTimeoutException}. */
    public Future<SipResponse> request(SipRequest request, Peer peer) {
        return request(request, peer, null);
    }

    /** As {@link #request(SipRequest, Peer)}, with a handler for provisional responses. */
    public Future<SipResponse> request(SipRequest request, Peer peer, Consumer<SipResponse> provisional) {
        Promise<SipResponse> promise = Promise.promise();
        if (onContext()) {
            startClientTransaction(request, peer, promise, provisional);
        } else {
            context.runOnContext(v -> startClientTransaction(request, peer, promise, provisional));
        }
        return promise.future();
    }

    private void startClientTransaction(SipRequest request, Peer peer, Promise<SipResponse> promise, Consumer<SipResponse> provisional) {
        String key = request.topVia().branch().orElse("") + '|' + request.method();
        byte[] wire = request.toBytes();
        ClientTransaction ct = new ClientTransaction(key, request, wire, peer, promise, provisional, options.timers().t1());
        if (clientTransactions.size() >= options.bounds().maxClientTransactions()) {
            stats.increment("tx.client.refused");
            promise.fail(new SipOverloadException("already " + clientTransactions.size() + " requests awaiting an answer"));
            return;
        }
        if (clientTransactions.putIfAbsent(key, ct) != null) {
            promise.fail(new IllegalStateException("a transaction with branch " + key + " is already pending"));
            return;
        }
        stats.increment("tx.request.", SipStats.method(request.method()));
        transmit(ct).onFailure(err -> {
            if (clientTransactions.remove(key, ct)) {
                cancelRetransmit(ct);
                vertx.cancelTimer(ct.timeoutTimer);
                stats.increment("tx.failed");
                promise.tryFail(err);
            }
        });
        if (peer.transport() == SipTransport.UDP) {
            scheduleRetransmit(ct);
        }
        ct.timeoutTimer = vertx.setTimer(options.timers().timeout(), id -> {
            if (clientTransactions.remove(key, ct)) {
                cancelRetransmit(ct);
                stats.increment("tx.timeout.", SipStats.method(request.method()));
                promise.tryFail(new SipTimeoutException(request.method() + " to " + peer + " got no final response in "
                        + options.timers().timeout() + " ms"));
            }
        });
    }

    private void scheduleRetransmit(ClientTransaction ct) {
        ct.retransmitTimer = vertx.setTimer(ct.interval, id -> {
            if (clientTransactions.get(ct.key) != ct) {
                return;
            }
            stats.increment("tx.retransmission.", SipStats.method(ct.request.method()));
            transmit(ct);
            // INVITE doubles without cap (Timer A); non-INVITE doubles up to T2 (Timer E)
            ct.interval = ct.isInvite() ? ct.interval * 2 : Math.min(ct.interval * 2, options.timers().t2());
            if (ct.provisionalSeen && !ct.isInvite()) {
                ct.interval = options.timers().t2();
            }
            scheduleRetransmit(ct);
        });
    }

    private void cancelRetransmit(ClientTransaction ct) {
        if (ct.retransmitTimer >= 0) {
            vertx.cancelTimer(ct.retransmitTimer);
            ct.retransmitTimer = -1;
        }
    }

    private Future<Void> transmit(ClientTransaction ct) {
        return send(ct.wire, ct.peer);
    }

    /** Sends bytes outside any transaction (ACK for a 2xx, which is its own transaction). */
    public Future<Void> sendRaw(SipRequest request, Peer peer) {
        stats.increment("tx.request.", SipStats.method(request.method()));
        byte[] wire = request.toBytes();
        if (onContext()) {
            return send(wire, peer);
        }
        Promise<Void> p = Promise.promise();
        context.runOnContext(v -> send(wire, peer).onComplete(p));
        return p.future();
    }

    private Future<Void> send(byte[] wire, Peer peer) {
        if (peer.transport() == SipTransport.TCP) {
            return tcp.send(peer, wire);
        }
        if (udp == null) {
            return Future.failedFuture("UDP is not enabled on this endpoint");
        }
        return udp.send(wire, peer.port(), peer.host());
    }

    /**
     * The same outcome, its callbacks run on the endpoint's loop: the UDP sockets complete on their
     * own loops, and what follows (the TCP server, the endpoint's state) belongs to this one.
     */
    private <T> Future<T> onContext(Future<T> future) {
        Promise<T> here = VertxLoops.promise(context);
        future.onComplete(here);
        return here.future();
    }

    private boolean onContext() {
        return Vertx.currentContext() == context;
    }

    private void logRarely(String what, Throwable e) {
        long now = System.currentTimeMillis();
        if (now - lastErrorLog > 10_000) {
            lastErrorLog = now;
            LOG.warn("{} ({} such errors so far)", what, stats.get("handler.error"), e);
        }
    }

    public Future<Void> close() {
        if (!onContext()) {
            // transactions and TCP connections belong to the endpoint's loop: closed there, not beside it
            Promise<Void> closed = Promise.promise();
            context.runOnContext(v -> close().onComplete(closed));
            return closed.future();
        }
        if (sweepTimer >= 0) {
            vertx.cancelTimer(sweepTimer);
        }
        for (ClientTransaction ct : clientTransactions.values()) {
            cancelRetransmit(ct);
            vertx.cancelTimer(ct.timeoutTimer);
            ct.promise.tryFail("endpoint closed");
        }
        clientTransactions.clear();
        Future<Void> u = udp == null ? Future.succeededFuture() : onContext(udp.close());
        Future<Void> t = tcpServer == null ? Future.succeededFuture() : tcpServer.close();
        return Future.join(u, t, tcp.closeAll()).mapEmpty();
    }
}
