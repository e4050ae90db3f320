package io.gbmesh.launcher.bench;

import io.gbmesh.protocol.auth.DigestCalculator;
import io.gbmesh.protocol.auth.DigestChallenge;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The attacker of the soak benchmark (bench/soak.sh): from loopback addresses of its own
 * (127.0.0.2 .. 127.0.0.44, and other ports of 127.0.0.1 where a shared address is the point) it
 * sends RATE forged or malformed messages per second for DURATION seconds, a fixed mix of every
 * attack of the threat model, and counts what each kind got back. Beside the paced messages it
 * holds a bounded TCP connection flood and slowloris connections, and it runs a few
 * {@link RogueCamera}s. It only ever sends to the gateway's loopback address, stops by itself, and
 * prints its table.
 *
 * <p>args: {@code --server 127.0.0.1 --port P --prefix 13DIGITS --count N --channels C --password PW
 * --rate R --duration S --flood-conns N --slow-conns N}
 */
public final class SoakAttacker {
    /** The paced mix: kind and its share of RATE (per 2,000). */
    private static final String[] KINDS = {"spoof-keepalive-udp", "spoof-keepalive-tcp", "spoof-catalog-udp", "spoof-catalog-tcp",
            "spoof-deviceinfo-udp", "body-id-other", "xml-bomb", "register-bruteforce", "via-received", "malformed",
            "method-flood", "cmdtype-flood"};
    private static final int[] WEIGHTS = {500, 100, 150, 50, 100, 200, 40, 200, 100, 300, 130, 130};

    /** How long an answer may take before its request counts as unanswered. */
    private static final long ANSWER_WINDOW_NANOS = 10_000_000_000L;
    private static final boolean DEBUG = System.getenv("SOAK_DEBUG") != null;
    private final Map<String, String> opts;
    private final InetSocketAddress gateway;
    private final String prefix;
    private final int count;
    private final Selector selector;
    private final AttackTally tally = new AttackTally();
    private final Random random = new Random(28181);
    private final ByteBuffer rx = ByteBuffer.allocate(70_000);
    private final int[] wrrCurrent = new int[KINDS.length];
    private final Map<String, Long> perKind = new HashMap<>();
    private long seq;
    private long victimCursor;
    private int rr;

    private final List<Udp> spoofUdp = new ArrayList<>();
    private final List<Udp> bruteUdp = new ArrayList<>();
    private final List<Udp> malformedUdp = new ArrayList<>();
    private final List<Udp> miscUdp = new ArrayList<>();
    private Udp reflectUdp;
    private final List<RogueCamera> cameras = new ArrayList<>();
    private final Map<Udp, RogueCamera> cameraBySocket = new HashMap<>();
    private final List<Tcp> spoofTcp = new ArrayList<>();
    private final List<Tcp> flood = new ArrayList<>();
    private final List<Tcp> slow = new ArrayList<>();

    /** A UDP source; for brute force also the last challenge it got. */
    private static final class Udp {
        final DatagramChannel ch;
        final AttackMessages.Source src;
        final String role;
        DigestChallenge challenge;

        Udp(DatagramChannel ch, AttackMessages.Source src, String role) {
            this.ch = ch;
            this.src = src;
            this.role = role;
        }
    }

    /** A TCP connection of one role: spoofing, flood or slowloris. */
    private static final class Tcp {
        final String role;
        final String localHost;
        SocketChannel ch;
        AttackMessages.Source src;
        boolean connected;
        boolean closed;
        long openedAt;
        int dripped;
        ByteBuffer pendingOut;
        final ByteBuffer in = ByteBuffer.allocate(256 * 1024);

        Tcp(String role, String localHost) {
            this.role = role;
            this.localHost = localHost;
        }
    }

    private SoakAttacker(Map<String, String> opts) throws IOException {
        this.opts = opts;
        this.gateway = new InetSocketAddress(opts.getOrDefault("server", "127.0.0.1"), Integer.parseInt(opts.getOrDefault("port", "5060")));
        this.prefix = opts.getOrDefault("prefix", "3402000000132");
        this.count = Integer.parseInt(opts.getOrDefault("count", "10000"));
        this.selector = Selector.open();
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        SoakAttacker a = new SoakAttacker(opts);
        a.open();
        a.run(Integer.parseInt(opts.getOrDefault("rate", "2000")), Integer.parseInt(opts.getOrDefault("duration", "600")),
                Integer.parseInt(opts.getOrDefault("flood-conns", "1000")), Integer.parseInt(opts.getOrDefault("slow-conns", "100")));
        System.out.print(a.tally.report());
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    // ---- sockets

    private void open() throws IOException {
        for (int i = 0; i < 4; i++) {
            spoofUdp.add(udp("127.0.0.1", "spoof")); // other ports of the devices' own address
        }
        for (int h = 5; h <= 12; h++) {
            spoofUdp.add(udp(host(h), "spoof"));
        }
        for (int h = 2; h <= 4; h++) {
            bruteUdp.add(udp(host(h), "brute"));
        }
        reflectUdp = udp(host(13), "reflect");
        for (String sink : new String[] {host(250), host(251)}) {
            DatagramChannel c = DatagramChannel.open().bind(new InetSocketAddress(sink, reflectUdp.src.port()));
            c.configureBlocking(false).register(selector, SelectionKey.OP_READ, "sink:" + sink);
        }
        malformedUdp.add(udp(host(14), "malformed"));
        malformedUdp.add(udp(host(15), "malformed"));
        for (int h = 16; h <= 19; h++) {
            miscUdp.add(udp(host(h), "misc"));
        }
        long cycle = Long.parseLong(opts.getOrDefault("rogue-cycle-ms", "10000")) * 1_000_000L;
        for (int i = 0; i < 4; i++) {
            Udp u = udp(host(20 + i), "camera");
            String id = prefix + String.format("%07d", 9_000_001 + i);
            RogueCamera cam = new RogueCamera(id, u.src, opts.getOrDefault("password", ""), cycle, bytes -> sendUdp(u, bytes), () -> ++seq);
            cameras.add(cam);
            cameraBySocket.put(u, cam);
        }
        for (int h = 24; h <= 27; h++) {
            Tcp t = new Tcp("spoof-tcp", host(h));
            spoofTcp.add(t);
            connect(t, System.nanoTime());
        }
    }

    private static String host(int h) {
        return "127.0.0." + h;
    }

    private Udp udp(String host, String role) throws IOException {
        DatagramChannel c = DatagramChannel.open();
        // room for a burst of answers while this thread waits for a core (the machine is shared)
        c.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20).bind(new InetSocketAddress(host, 0));
        c.configureBlocking(false);
        Udp u = new Udp(c, new AttackMessages.Source("UDP", host, ((InetSocketAddress) c.getLocalAddress()).getPort()), role);
        c.register(selector, SelectionKey.OP_READ, u);
        return u;
    }

    private void connect(Tcp t, long now) {
        try {
            SocketChannel c = SocketChannel.open();
            c.bind(new InetSocketAddress(t.localHost, 0));
            c.configureBlocking(false);
            t.ch = c;
            t.src = new AttackMessages.Source("TCP", t.localHost, ((InetSocketAddress) c.getLocalAddress()).getPort());
            t.connected = c.connect(gateway);
            t.closed = false;
            t.openedAt = now;
            t.in.clear();
            t.pendingOut = null;
            c.register(selector, t.connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, t);
            tally.note("tcp." + t.role + ".connect-attempts", 1);
        } catch (IOException e) {
            t.closed = true;
            tally.note("tcp." + t.role + ".connect-failed", 1);
        }
    }

    private void sendUdp(Udp u, byte[] msg) {
        try {
            u.ch.send(ByteBuffer.wrap(msg), gateway);
        } catch (IOException e) {
            tally.note("udp.send-failed", 1);
        }
    }

    /** Writes a whole message on a connection; false when it is closed or still busy with an earlier one. */
    private boolean sendTcp(Tcp t, byte[] msg) {
        if (t.closed || !t.connected || t.pendingOut != null) {
            return false;
        }
        try {
            ByteBuffer b = ByteBuffer.wrap(msg);
            t.ch.write(b);
            if (b.hasRemaining()) {
                t.pendingOut = b;
                t.ch.keyFor(selector).interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
            }
            return true;
        } catch (IOException e) {
            closedByServer(t, System.nanoTime());
            return false;
        }
    }

    // ---- the run

    private void run(int rate, int durationS, int floodConns, int slowConns) throws IOException {
        long start = System.nanoTime();
        long end = start + durationS * 1_000_000_000L;
        long nextSecond = start;
        long attacks = 0;
        int floodPerSecond = Math.max(1, floodConns / Math.max(1, Math.min(durationS / 2, 20)));
        while (System.nanoTime() < end) {
            long now = System.nanoTime();
            long due = (now - start) * rate / 1_000_000_000L;
            while (attacks < due) {
                attack(nextKind(), now);
                attacks++;
            }
            if (now >= nextSecond) {
                nextSecond += 1_000_000_000L;
                everySecond(now, floodConns, floodPerSecond, slowConns);
            }
            selector.select(2);
            handleReady(System.nanoTime());
        }
        long drainEnd = System.nanoTime() + ANSWER_WINDOW_NANOS;
        while (System.nanoTime() < drainEnd) {
            selector.select(50);
            handleReady(System.nanoTime());
        }
        tally.expire(Long.MAX_VALUE, 0);
        long now = System.nanoTime();
        for (List<Tcp> group : List.of(flood, slow, spoofTcp)) {
            for (Tcp t : group) {
                if (!t.closed && t.connected) {
                    tally.note("tcp." + t.role + ".still-open-at-end", 1);
                }
            }
        }
        tally.note("run.seconds", (now - start) / 1_000_000_000L);
    }

    private void everySecond(long now, int floodConns, int floodPerSecond, int slowConns) {
        for (RogueCamera c : cameras) {
            c.tick(now, tally);
        }
        for (int i = 0; i < floodPerSecond && flood.size() < floodConns; i++) {
            Tcp t = new Tcp("flood", host(30 + flood.size() % 10));
            flood.add(t);
            connect(t, now);
        }
        while (slow.size() < slowConns) {
            Tcp t = new Tcp("slowloris", host(40 + slow.size() % 5));
            slow.add(t);
            connect(t, now);
        }
        for (Tcp t : slow) {
            drip(t, now);
        }
        for (List<Tcp> group : List.of(flood, slow)) {
            for (Tcp t : group) {
                if (!t.closed && !t.connected && now - t.openedAt > 3_000_000_000L) {
                    tally.note("tcp." + t.role + ".connect-timeout", 1);
                    close(t);
                }
            }
        }
        for (Tcp t : spoofTcp) {
            if (t.closed) {
                connect(t, now); // the attacker comes back on a new connection
            }
        }
        tally.expire(now, ANSWER_WINDOW_NANOS);
    }

    /** Slowloris: one byte a second of a request whose header never ends. */
    private void drip(Tcp t, long now) {
        if (t.closed || !t.connected) {
            return;
        }
        String head = "OPTIONS " + AttackMessages.RURI + " SIP/2.0\r\nX-Slow: ";
        byte b = t.dripped < head.length() ? (byte) head.charAt(t.dripped) : (byte) 'a';
        try {
            t.ch.write(ByteBuffer.wrap(new byte[] {b}));
            t.dripped++;
            tally.note("tcp.slowloris.bytes-dripped", 1);
        } catch (IOException e) {
            closedByServer(t, now);
        }
    }

    private String nextKind() {
        int total = 0;
        int best = 0;
        for (int i = 0; i < KINDS.length; i++) {
            wrrCurrent[i] += WEIGHTS[i];
            total += WEIGHTS[i];
            if (wrrCurrent[i] > wrrCurrent[best]) {
                best = i;
            }
        }
        wrrCurrent[best] -= total;
        return KINDS[best];
    }

    private String nextVictim() {
        return prefix + String.format("%07d", 1 + (victimCursor++ % count));
    }

    private static String channelOf(String deviceId, int index) {
        long serial = Long.parseLong(deviceId.substring(13));
        return deviceId.substring(0, 10) + "131" + String.format("%07d", (serial * 100 + index) % 10_000_000L);
    }

    private RogueCamera camera() {
        for (int i = 0; i < cameras.size(); i++) {
            RogueCamera c = cameras.get((rr + i) % cameras.size());
            if (c.registered()) {
                rr++;
                return c;
            }
        }
        return cameras.get(rr++ % cameras.size());
    }

    private Udp udpOf(RogueCamera c) {
        for (Map.Entry<Udp, RogueCamera> e : cameraBySocket.entrySet()) {
            if (e.getValue() == c) {
                return e.getKey();
            }
        }
        throw new IllegalStateException();
    }

    private void attack(String kind, long now) {
        long s = ++seq;
        // variants go round per kind (the sequence number is shared by all kinds, so it would not)
        long n = perKind.merge(kind, 1L, Long::sum);
        String victim = nextVictim();
        switch (kind) {
            case "spoof-keepalive-udp" -> udpAttack(pick(spoofUdp), kind, s, "MESSAGE", victim, AttackMessages.keepalive(s, victim), now);
            case "spoof-catalog-udp" -> udpAttack(pick(spoofUdp), kind, s, "MESSAGE", victim,
                    AttackMessages.catalogDelAdd(s, victim, channelOf(victim, 1), channelOf(victim, 99)), now);
            case "spoof-deviceinfo-udp" -> udpAttack(pick(spoofUdp), kind, s, "MESSAGE", victim,
                    AttackMessages.deviceInfoResponse(random.nextInt(1_000_000), victim), now);
            case "spoof-keepalive-tcp" -> tcpAttack(kind, s, victim, AttackMessages.keepalive(s, victim), now);
            case "spoof-catalog-tcp" -> tcpAttack(kind, s, victim, AttackMessages.catalogDelAdd(s, victim, channelOf(victim, 1),
                    channelOf(victim, 99)), now);
            case "body-id-other" -> {
                RogueCamera c = camera();
                String[] variants = {"keepalive", "catalog", "deviceinfo"};
                String v = variants[(int) (n % 3)];
                String body = switch (v) {
                    case "keepalive" -> AttackMessages.keepalive(s, victim);
                    case "catalog" -> AttackMessages.catalogDelAdd(s, victim, channelOf(victim, 1), channelOf(victim, 99));
                    default -> AttackMessages.deviceInfoResponse(s, victim);
                };
                udpAttack(udpOf(c), kind + "." + v, s, "MESSAGE", c.id, body, now);
            }
            case "xml-bomb" -> {
                String v = AttackMessages.BOMBS.get((int) (n % AttackMessages.BOMBS.size()));
                int where = (int) ((n / AttackMessages.BOMBS.size()) % 3);
                if (where == 0) {
                    RogueCamera c = camera();
                    udpAttack(udpOf(c), "xml-bomb." + v + ".own-device", s, "MESSAGE", c.id, AttackMessages.bomb(v, c.id), now);
                } else if (where == 1) {
                    udpAttack(pick(miscUdp), "xml-bomb." + v + ".spoofed", s, "MESSAGE", victim, AttackMessages.bomb(v, victim), now);
                } else {
                    tcpAttack("xml-bomb." + v + ".tcp", s, victim, AttackMessages.bomb(v, victim), now);
                }
            }
            case "register-bruteforce" -> bruteForce(s, n, victim, now);
            case "via-received" -> viaReceived(s, n, victim, now);
            case "malformed" -> {
                Udp u = pick(malformedUdp);
                int v = (int) (n % AttackMessages.MALFORMED.size());
                tally.sent(AttackMessages.branch("malformed." + AttackMessages.MALFORMED.get(v)[0], s), now);
                sendUdp(u, AttackMessages.malformed(v, u.src, s));
            }
            case "method-flood" -> {
                Udp u = pick(miscUdp);
                String method = "X" + randomWord(6).toUpperCase();
                tally.sent(AttackMessages.branch(kind, s), now);
                sendUdp(u, AttackMessages.request(method, u.src, ";rport", victim, kind, s, null));
            }
            case "cmdtype-flood" -> {
                RogueCamera c = camera();
                udpAttack(udpOf(c), kind, s, "MESSAGE", c.id, AttackMessages.notifyWithCmdType(s, c.id, "Cmd" + randomWord(8)), now);
            }
            default -> throw new IllegalStateException(kind);
        }
    }

    private <T> T pick(List<T> list) {
        return list.get(rr++ % list.size());
    }

    private String randomWord(int n) {
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append((char) ('a' + random.nextInt(26)));
        }
        return b.toString();
    }

    private void udpAttack(Udp u, String label, long s, String method, String fromId, String body, long now) {
        tally.sent(AttackMessages.branch(label, s), now);
        sendUdp(u, AttackMessages.request(method, u.src, ";rport", fromId, label, s, body));
    }

    private void tcpAttack(String label, long s, String fromId, String body, long now) {
        for (int i = 0; i < spoofTcp.size(); i++) {
            Tcp t = pick(spoofTcp);
            byte[] msg = AttackMessages.request("MESSAGE", t.src == null ? new AttackMessages.Source("TCP", t.localHost, 0) : t.src,
                    ";rport", fromId, label, s, body);
            if (sendTcp(t, msg)) {
                tally.sent(AttackMessages.branch(label, s), now);
                return;
            }
        }
        tally.note("tcp.spoof-tcp.no-open-connection-skipped", 1);
    }

    /** REGISTER with a wrong password (after the first challenge of its source), for a real device's ID or an unknown one. */
    private void bruteForce(long s, long n, String victim, long now) {
        Udp u = pick(bruteUdp);
        boolean real = n % 2 == 0;
        String id = real ? victim : prefix.substring(0, 10) + "132" + String.format("%07d", 8_000_000 + random.nextInt(999_999));
        String label = "register-bruteforce." + (real ? "registered-id" : "unknown-id");
        String auth = null;
        if (u.challenge != null) {
            auth = DigestCalculator.answer(u.challenge, id, "guess" + s, "REGISTER", AttackMessages.RURI,
                    () -> Long.toHexString(random.nextLong()), 1).toHeaderValue();
        }
        tally.sent(AttackMessages.branch(label, s), now);
        sendUdp(u, AttackMessages.register(u.src, id, label, s, "bf" + s + "@" + u.src.host(), 1, 3600, auth));
    }

    /**
     * Vias whose {@code received} (and sent-by, and rport value) point elsewhere: the answer must come
     * back to the real source, never to the sinks at 127.0.0.250/.251 on the same port.
     */
    private void viaReceived(long s, long n, String victim, long now) {
        AttackMessages.Source src = reflectUdp.src;
        int v = (int) (n % 3);
        String label = "via-received." + (char) ('a' + v);
        AttackMessages.Source claimed = v == 1 ? new AttackMessages.Source("UDP", host(251), src.port()) : src;
        String params = switch (v) {
            case 0 -> ";rport;received=" + host(250);
            case 1 -> ";received=" + host(250);
            default -> ";received=" + host(250) + ";rport=" + src.port();
        };
        String method = (n / 3) % 2 == 0 ? "OPTIONS" : "REGISTER";
        tally.sent(AttackMessages.branch(label, s), now);
        sendUdp(reflectUdp, AttackMessages.request(method, claimed, params, victim, label, s, null));
    }

    // ---- what comes back

    private void handleReady(long now) throws IOException {
        for (SelectionKey key : selector.selectedKeys()) {
            if (!key.isValid()) {
                continue;
            }
            Object att = key.attachment();
            if (att instanceof Udp u) {
                readUdp(u, now);
            } else if (att instanceof Tcp t) {
                handleTcp(key, t, now);
            } else if (att instanceof String sink) {
                DatagramChannel c = (DatagramChannel) key.channel();
                rx.clear();
                while (c.receive(rx) != null) {
                    tally.note("reflection.answers-arrived-at." + sink.substring(5), 1);
                    rx.clear();
                }
            }
        }
        selector.selectedKeys().clear();
    }

    private void readUdp(Udp u, long now) throws IOException {
        while (true) {
            rx.clear();
            SocketAddress from = u.ch.receive(rx);
            if (from == null) {
                return;
            }
            SipText m = SipText.parse(rx.array(), 0, rx.position());
            if (DEBUG) {
                System.err.println("udp " + u.role + " <- " + from + ": " + m.startLine + " " + m.topBranch());
            }
            if (m.isResponse()) {
                onResponse(u, m, now);
            } else {
                onRequest(u, m, from, now);
            }
        }
    }

    private void onResponse(Udp u, SipText m, long now) {
        String branch = m.topBranch();
        if (!tally.answered(branch, m.status())) {
            tally.note("responses-not-ours." + u.role + "." + m.status(), 1);
            return;
        }
        if ("brute".equals(u.role) && m.status() == 401 && !m.header("www-authenticate").isEmpty()) {
            try {
                u.challenge = DigestChallenge.parse(m.header("www-authenticate"));
            } catch (Exception e) {
                tally.note("brute.challenge-unreadable", 1);
            }
        }
        RogueCamera cam = cameraBySocket.get(u);
        if (cam != null && "rogue-camera-register".equals(AttackMessages.labelOf(branch))) {
            cam.onRegisterResponse(m, now, tally);
        }
    }

    private void onRequest(Udp u, SipText m, SocketAddress from, long now) {
        RogueCamera cam = cameraBySocket.get(u);
        if (cam != null) {
            String victim = nextVictim();
            cam.onRequest(m, victim, channelOf(victim, 99), now, tally, bytes -> {
                try {
                    u.ch.send(ByteBuffer.wrap(bytes), from);
                } catch (IOException e) {
                    tally.note("udp.send-failed", 1);
                }
            });
            return;
        }
        // a request for a device that the platform now sends to us: a hijack that worked
        tally.note("hijacked.requests-received." + u.role + "." + m.method(), 1);
    }

    private void handleTcp(SelectionKey key, Tcp t, long now) {
        try {
            if (key.isConnectable()) {
                t.ch.finishConnect();
                t.connected = true;
                key.interestOps(SelectionKey.OP_READ);
                tally.note("tcp." + t.role + ".connected", 1);
                if (t.role.equals("flood")) {
                    tally.sentUnanswerable("tcp-flood.connection");
                } else if (t.role.equals("slowloris")) {
                    tally.sentUnanswerable("tcp-slowloris.connection");
                }
                return;
            }
            if (key.isWritable() && t.pendingOut != null) {
                t.ch.write(t.pendingOut);
                if (!t.pendingOut.hasRemaining()) {
                    t.pendingOut = null;
                    key.interestOps(SelectionKey.OP_READ);
                }
            }
            if (key.isReadable()) {
                int n = t.ch.read(t.in);
                if (n < 0) {
                    closedByServer(t, now);
                    return;
                }
                frame(t, now);
            }
        } catch (IOException e) {
            if (!t.connected) {
                tally.note("tcp." + t.role + ".connect-refused", 1);
                close(t);
            } else {
                closedByServer(t, now);
            }
        }
    }

    /** Cuts complete SIP messages out of a connection's input (header end, then Content-Length). */
    private void frame(Tcp t, long now) {
        while (true) {
            byte[] a = t.in.array();
            int len = t.in.position();
            int headEnd = indexOf(a, len, "\r\n\r\n");
            if (headEnd < 0) {
                if (!t.in.hasRemaining()) {
                    t.in.clear();
                }
                return;
            }
            String head = new String(a, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase();
            int cl = 0;
            int at = head.indexOf("\ncontent-length:");
            if (at >= 0) {
                int eol = head.indexOf('\r', at + 1);
                cl = Integer.parseInt(head.substring(at + 16, eol < 0 ? head.length() : eol).trim());
            }
            int total = headEnd + 4 + cl;
            if (len < total) {
                return;
            }
            SipText m = SipText.parse(a, 0, total);
            if (m.isResponse()) {
                if (!tally.answered(m.topBranch(), m.status())) {
                    tally.note("responses-not-ours." + t.role + "." + m.status(), 1);
                }
            } else {
                tally.note("hijacked.requests-received." + t.role + "." + m.method(), 1);
            }
            System.arraycopy(a, total, a, 0, len - total);
            t.in.position(len - total);
        }
    }

    private static int indexOf(byte[] a, int len, String what) {
        byte[] w = what.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + w.length <= len; i++) {
            for (int j = 0; j < w.length; j++) {
                if (a[i + j] != w[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private void closedByServer(Tcp t, long now) {
        if (t.closed) {
            return;
        }
        tally.note("tcp." + t.role + ".closed-by-server", 1);
        tally.note("tcp." + t.role + ".closed-by-server.after-seconds-total", (now - t.openedAt) / 1_000_000_000L);
        close(t);
    }

    private void close(Tcp t) {
        t.closed = true;
        try {
            t.ch.close();
        } catch (IOException ignored) {
            // closing a socket that is already gone
        }
    }
}
