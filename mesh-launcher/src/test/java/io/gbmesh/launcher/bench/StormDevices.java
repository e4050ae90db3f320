package io.gbmesh.launcher.bench;

import io.gbmesh.protocol.auth.AuthParseException;
import io.gbmesh.protocol.auth.DigestCalculator;
import io.gbmesh.protocol.auth.DigestChallenge;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A registration storm from one process: {@code count} GB/T 28181 devices multiplexed over a few
 * UDP sockets, as a platform restart sees them (every device registering at once, or at a given
 * rate), each with its own device ID in its From, Contact and the request-URIs it is sent, and
 * answering every request the platform sends a device that came online: {@code 200} to each
 * MESSAGE and SUBSCRIBE (Catalog, Alarm, MobilePosition: the Expires asked for granted), then the
 * Response MESSAGE of each DeviceInfo, Catalog ({@code channels} channels) and ConfigDownload query;
 * keepalives every {@code keepaliveSeconds}, spread evenly. Requests the devices send are
 * retransmitted as RFC 3261 Timer E says (T1 500 ms doubling up to T2 4 s) until a final answer or
 * 32 s (then counted as failed). With a {@code password}, a REGISTER challenged with {@code 401} is sent
 * again at once with digest credentials (RFC 2617, as a camera does; the nonce is kept only while that
 * REGISTER awaits its answer); without one the platform must run with {@code GB_SIP_AUTH=off}.
 *
 * <p>Per device the state is a few array cells (its ID is the prefix and its index, its Call-IDs
 * and tags are derived from the index), so 100,000 devices fit in a small heap; messages are
 * written as text without builders. The sockets are split over {@code threads} lanes, each a thread
 * with its own selector and the devices of its sockets (device {@code i} uses socket
 * {@code i % sockets}).
 */
final class StormDevices implements AutoCloseable {
    static final long T1_MS = 500;
    static final long T2_MS = 4000;
    static final long GIVE_UP_MS = 32_000;
    private static final byte IDLE = 0;
    private static final byte REGISTERING = 1;
    private static final byte REGISTERED = 2;
    private static final byte FAILED = 3;

    /** What the storm is made of. */
    record Settings(int count, int sockets, int threads, String prefix, String host, InetSocketAddress server,
                    String domain, String serverId, int channels, int keepaliveSeconds, int expires, String password) {
        Settings {
            if (count <= 0 || sockets <= 0 || threads <= 0 || sockets < threads) {
                throw new IllegalArgumentException("count, sockets, threads must be positive and sockets >= threads");
            }
            if (prefix.length() != 13) {
                throw new IllegalArgumentException("the prefix is the first 13 digits of a device ID: " + prefix);
            }
        }
    }

    private final Settings settings;
    private final String runTag = Long.toString(System.currentTimeMillis() % 1_000_000, 36);
    private final long epochNanos = System.nanoTime();
    // per device: a few cells
    private final byte[] state;
    private final byte[] tries;
    private final int[] nextAtMs;
    private final int[] sentAtMs;
    private final int[] cseq;
    private final byte[] answered;
    private final Lane[] lanes;
    private volatile boolean running = true;

    final AtomicLong registered = new AtomicLong();
    final AtomicLong registerFailed = new AtomicLong();
    final AtomicLong registerRefused = new AtomicLong();
    final AtomicLong registersSent = new AtomicLong();
    final AtomicLong challenges = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final AtomicLong requestsReceived = new AtomicLong();
    final AtomicLong requestRetransmissionsReceived = new AtomicLong();
    final AtomicLong deviceInfoAnswered = new AtomicLong();
    final AtomicLong catalogAnswered = new AtomicLong();
    final AtomicLong configAnswered = new AtomicLong();
    final AtomicLong subscriptionsAccepted = new AtomicLong();
    final AtomicLong otherRequests = new AtomicLong();
    final AtomicLong messagesConfirmed = new AtomicLong();
    final AtomicLong messagesFailed = new AtomicLong();
    final AtomicLong keepalivesSent = new AtomicLong();
    final AtomicLong sendsDropped = new AtomicLong();
    final AtomicLong unparsable = new AtomicLong();
    final AtomicLong lastRegisteredNanos = new AtomicLong();
    /** Bits of {@link #answered}: which of the online queries a device has answered. */
    static final int INFO = 1;
    static final int CATALOG = 2;
    static final int CONFIG = 4;
    final AtomicLong allQueriesAnswered = new AtomicLong();
    final AtomicLong lastAllQueriesNanos = new AtomicLong();

    StormDevices(Settings settings) throws IOException {
        this.settings = settings;
        int n = settings.count();
        state = new byte[n];
        tries = new byte[n];
        nextAtMs = new int[n];
        sentAtMs = new int[n];
        cseq = new int[n];
        answered = new byte[n];
        lanes = new Lane[settings.threads()];
        for (int t = 0; t < lanes.length; t++) {
            lanes[t] = new Lane(t);
        }
        for (int s = 0; s < settings.sockets(); s++) {
            lanes[s % lanes.length].addSocket(s);
        }
        for (Lane lane : lanes) {
            lane.thread.start();
        }
    }

    /** Device {@code i}'s ID. */
    String deviceId(int i) {
        char[] id = new char[20];
        settings.prefix().getChars(0, 13, id, 0);
        for (int k = 19, v = i; k >= 13; k--, v /= 10) {
            id[k] = (char) ('0' + v % 10);
        }
        return new String(id);
    }

    int nowMs() {
        return (int) ((System.nanoTime() - epochNanos) / 1_000_000L);
    }

    /**
     * Starts every device's registration, at most {@code perSecond} per second over all lanes
     * (0: as fast as the lanes can send).
     */
    void registerAll(int perSecond) {
        for (Lane lane : lanes) {
            lane.startRegistering(perSecond <= 0 ? 0 : Math.max(1, perSecond / lanes.length));
        }
    }

    long waitingForRegistration() {
        long n = 0;
        for (byte s : state) {
            if (s == REGISTERING || s == IDLE) {
                n++;
            }
        }
        return n;
    }

    /** One thread, its selector, its sockets, and the transactions of the devices on them. */
    private final class Lane {
        final int index;
        final Selector selector = Selector.open();
        final List<DatagramChannel> channels = new ArrayList<>();
        final Map<Integer, DatagramChannel> bySocket = new HashMap<>();
        final Thread thread;
        final SipParser parser = new SipParser();
        final ByteBuffer in = ByteBuffer.allocateDirect(65_536);
        final ByteBuffer out = ByteBuffer.allocateDirect(65_536);
        /** Device → platform MESSAGEs awaiting their final answer, by Call-ID. */
        final Map<String, Pending> pending = new HashMap<>();
        /** Answers already given, by Call-ID and CSeq, so a retransmitted request is answered alike (bounded). */
        final Map<String, byte[]> answers = new LinkedHashMap<>(4096, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
                return size() > 50_000;
            }
        };
        /** The Authorization of each device whose authenticated REGISTER awaits its answer. */
        final Map<Integer, String> authorizations = new HashMap<>();
        /** Devices of this lane in index order (for the sweeps). */
        int[] devices = new int[0];
        volatile int registerPerSecond = -1;
        int registerCursor;
        long registerCredit;
        int keepaliveCursor;
        long keepaliveCredit;
        int lastTickMs;

        Lane(int index) throws IOException {
            this.index = index;
            this.thread = new Thread(this::run, "storm-lane-" + index);
            thread.setDaemon(true);
        }

        void addSocket(int s) throws IOException {
            DatagramChannel ch = DatagramChannel.open();
            ch.setOption(StandardSocketOptions.SO_RCVBUF, 8 * 1024 * 1024);
            ch.setOption(StandardSocketOptions.SO_SNDBUF, 8 * 1024 * 1024);
            ch.bind(new InetSocketAddress(settings.host(), 0));
            ch.configureBlocking(false);
            ch.register(selector, SelectionKey.OP_READ, s);
            channels.add(ch);
            bySocket.put(s, ch);
            int count = 0;
            for (int i = s; i < settings.count(); i += settings.sockets()) {
                count++;
            }
            int[] more = new int[devices.length + count];
            System.arraycopy(devices, 0, more, 0, devices.length);
            int k = devices.length;
            for (int i = s; i < settings.count(); i += settings.sockets()) {
                more[k++] = i;
            }
            java.util.Arrays.sort(more);
            devices = more;
        }

        void startRegistering(int perSecond) {
            registerPerSecond = perSecond;
            selector.wakeup();
        }

        DatagramChannel channelOf(int device) {
            return bySocket.get(device % settings.sockets());
        }

        int portOf(int device) {
            return channelOf(device).socket().getLocalPort();
        }

        void run() {
            lastTickMs = nowMs();
            while (running) {
                try {
                    selector.select(5);
                    Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                    while (keys.hasNext()) {
                        SelectionKey key = keys.next();
                        keys.remove();
                        receive((DatagramChannel) key.channel());
                    }
                    int now = nowMs();
                    if (registerPerSecond >= 0) {
                        sendRegisters(now);
                    }
                    if (now - lastTickMs >= 20) {
                        int elapsed = now - lastTickMs;
                        lastTickMs = now;
                        sweepRegisters(now);
                        sweepPending(now);
                        keepalives(elapsed);
                    }
                } catch (IOException | RuntimeException e) {
                    if (running) {
                        System.err.println("storm lane " + index + ": " + e);
                    }
                }
            }
        }

        // ---- registering

        /** New REGISTERs: all at once, or paced at the lane's rate (a credit that grows with time). */
        private void sendRegisters(int now) throws IOException {
            if (registerCursor >= devices.length) {
                return;
            }
            int budget;
            if (registerPerSecond == 0) {
                budget = 256; // per turn of the loop, so answers are read in between
            } else {
                registerCredit = Math.min(registerCredit + (long) (now - lastCreditMs) * registerPerSecond, 1000L * registerPerSecond);
                lastCreditMs = now;
                budget = (int) (registerCredit / 1000);
                registerCredit -= budget * 1000L;
            }
            for (int k = 0; k < budget && registerCursor < devices.length; k++) {
                int i = devices[registerCursor++];
                state[i] = REGISTERING;
                tries[i] = 0;
                cseq[i] = cseq[i] + 1;
                sentAtMs[i] = now;
                nextAtMs[i] = now + (int) T1_MS;
                registersSent.incrementAndGet();
                send(i, register(i));
            }
        }

        int lastCreditMs = nowMs();

        private void sweepRegisters(int now) throws IOException {
            for (int i : devices) {
                if (state[i] != REGISTERING || now - nextAtMs[i] < 0) {
                    continue;
                }
                if (now - sentAtMs[i] >= GIVE_UP_MS) {
                    state[i] = FAILED;
                    registerFailed.incrementAndGet();
                    continue;
                }
                tries[i]++;
                retransmissions.incrementAndGet();
                send(i, register(i));
                nextAtMs[i] = now + (int) Math.min(T2_MS, T1_MS << Math.min(tries[i], 4));
            }
        }

        private byte[] register(int i) {
            String id = deviceId(i);
            int port = portOf(i);
            String host = settings.host();
            String domain = settings.domain();
            StringBuilder sb = new StringBuilder(512);
            sb.append("REGISTER sip:").append(settings.serverId()).append('@').append(domain).append(" SIP/2.0\r\n")
                    .append("Via: SIP/2.0/UDP ").append(host).append(':').append(port).append(";rport;branch=z9hG4bK-r")
                    .append(runTag).append('-').append(i).append('-').append(cseq[i]).append("\r\n")
                    .append("From: <sip:").append(id).append('@').append(domain).append(">;tag=f").append(i).append("\r\n")
                    .append("To: <sip:").append(id).append('@').append(domain).append(">\r\n")
                    .append("Call-ID: reg-").append(runTag).append('-').append(i).append("\r\n")
                    .append("CSeq: ").append(cseq[i]).append(" REGISTER\r\n")
                    .append("Contact: <sip:").append(id).append('@').append(host).append(':').append(port).append(">\r\n")
                    .append("Max-Forwards: 70\r\n")
                    .append("User-Agent: gbmesh storm\r\n")
                    .append("Expires: ").append(settings.expires()).append("\r\n");
            String authorization = authorizations.get(i);
            if (authorization != null) {
                sb.append("Authorization: ").append(authorization).append("\r\n");
            }
            sb.append("Content-Length: 0\r\n\r\n");
            return sb.toString().getBytes(StandardCharsets.US_ASCII);
        }

        // ---- requests the devices send in transactions of their own (Response MESSAGEs, keepalives)

        private void sendMessage(int i, String body, boolean keepalive) throws IOException {
            int seq = ++cseq[i];
            String callId = "m-" + runTag + '-' + i + '-' + seq;
            String id = deviceId(i);
            byte[] b = body.getBytes(StandardCharsets.US_ASCII);
            StringBuilder sb = new StringBuilder(512 + b.length);
            sb.append("MESSAGE sip:").append(settings.serverId()).append('@').append(settings.domain()).append(" SIP/2.0\r\n")
                    .append("Via: SIP/2.0/UDP ").append(settings.host()).append(':').append(portOf(i))
                    .append(";rport;branch=z9hG4bK-").append(callId).append("\r\n")
                    .append("From: <sip:").append(id).append('@').append(settings.domain()).append(">;tag=f").append(i).append("\r\n")
                    .append("To: <sip:").append(settings.serverId()).append('@').append(settings.domain()).append(">\r\n")
                    .append("Call-ID: ").append(callId).append("\r\n")
                    .append("CSeq: ").append(seq).append(" MESSAGE\r\n")
                    .append("Content-Type: Application/MANSCDP+xml\r\n")
                    .append("Max-Forwards: 70\r\n")
                    .append("User-Agent: gbmesh storm\r\n")
                    .append("Content-Length: ").append(b.length).append("\r\n\r\n").append(body);
            byte[] wire = sb.toString().getBytes(StandardCharsets.US_ASCII);
            Pending p = new Pending(i, wire, nowMs(), keepalive);
            pending.put(callId, p);
            send(i, wire);
        }

        private void sweepPending(int now) throws IOException {
            for (Iterator<Pending> it = pending.values().iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (now - p.sentAtMs >= GIVE_UP_MS) {
                    it.remove();
                    messagesFailed.incrementAndGet();
                } else if (now - p.nextAtMs >= 0) {
                    retransmissions.incrementAndGet();
                    send(p.device, p.wire);
                    p.intervalMs = (int) Math.min(T2_MS, p.intervalMs * 2L);
                    p.nextAtMs = now + p.intervalMs;
                }
            }
        }

        /** Keepalives: the lane's registered devices visited in turn, each once per interval. */
        private void keepalives(int elapsedMs) throws IOException {
            if (settings.keepaliveSeconds() <= 0 || devices.length == 0) {
                return;
            }
            long period = settings.keepaliveSeconds() * 1000L;
            keepaliveCredit += (long) devices.length * elapsedMs;
            long visits = Math.min(keepaliveCredit / period, devices.length);
            keepaliveCredit -= visits * period;
            for (long k = 0; k < visits; k++) {
                int i = devices[keepaliveCursor];
                keepaliveCursor = (keepaliveCursor + 1) % devices.length;
                if (state[i] == REGISTERED) {
                    keepalivesSent.incrementAndGet();
                    sendMessage(i, "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>"
                            + cseq[i] + "</SN>\r\n<DeviceID>" + deviceId(i) + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n", true);
                }
            }
        }

        // ---- receiving

        private void receive(DatagramChannel ch) throws IOException {
            while (true) {
                in.clear();
                if (ch.receive(in) == null) {
                    return;
                }
                in.flip();
                if (registerAnswer(in)) {
                    continue;
                }
                byte[] data = new byte[in.remaining()];
                in.get(data);
                SipMessage m;
                try {
                    m = parser.parse(data);
                } catch (SipParseException e) {
                    unparsable.incrementAndGet();
                    continue;
                }
                if (m instanceof SipResponse r) {
                    onResponse(r);
                } else {
                    onRequest((SipRequest) m);
                }
            }
        }

        /**
         * The answer to a REGISTER read without the parser (the bulk of a storm's traffic): its status
         * code and the device index at the end of its Call-ID {@code reg-TAG-INDEX}. False when the
         * datagram is something else (it is then parsed).
         */
        private boolean registerAnswer(ByteBuffer b) {
            int n = b.limit();
            if (n < 12 || b.get(0) != 'S' || b.get(1) != 'I' || b.get(2) != 'P' || b.get(7) != ' ') {
                return false;
            }
            int status = (b.get(8) - '0') * 100 + (b.get(9) - '0') * 10 + (b.get(10) - '0');
            int at = indexOf(b, CALL_ID_REG);
            if (at < 0) {
                return false;
            }
            int end = at + CALL_ID_REG.length;
            while (end < n && b.get(end) != '\r') {
                end++;
            }
            int dash = end - 1;
            while (dash > at && b.get(dash) != '-') {
                dash--;
            }
            int i = 0;
            for (int k = dash + 1; k < end; k++) {
                i = i * 10 + (b.get(k) - '0');
            }
            if (i < 0 || i >= settings.count() || status < 200) {
                return true;
            }
            if (status == 401 && settings.password() != null) {
                return false; // the challenge is read by the parser
            }
            onRegisterAnswer(i, status >= 200 && status < 300);
            return true;
        }

        private void onRegisterAnswer(int i, boolean success) {
            if (state[i] != REGISTERING) {
                return; // a retransmitted answer
            }
            authorizations.remove(i);
            if (success) {
                state[i] = REGISTERED;
                registered.incrementAndGet();
                lastRegisteredNanos.set(System.nanoTime());
            } else {
                state[i] = FAILED;
                registerRefused.incrementAndGet();
            }
        }

        private void onResponse(SipResponse r) {
            if (r.isProvisional()) {
                return;
            }
            String callId = r.callId();
            if (callId.startsWith("reg-")) {
                int i = Integer.parseInt(callId.substring(callId.lastIndexOf('-') + 1));
                if (i < 0 || i >= settings.count() || r.cseq().sequence() != cseq[i]) {
                    return; // an answer to an earlier REGISTER of the device (a retransmission's, answered late)
                }
                if (r.statusCode() == 401 && settings.password() != null && state[i] == REGISTERING
                        && !authorizations.containsKey(i)) {
                    answerChallenge(i, r);
                    return;
                }
                onRegisterAnswer(i, r.isSuccess());
                return;
            }
            Pending p = pending.remove(callId);
            if (p != null) {
                if (r.isSuccess()) {
                    messagesConfirmed.incrementAndGet();
                } else {
                    messagesFailed.incrementAndGet();
                }
            }
        }

        /** A new REGISTER at once, with the credentials the challenge asks for (its own retransmissions from now). */
        private void answerChallenge(int i, SipResponse r) {
            challenges.incrementAndGet();
            String uri = "sip:" + settings.serverId() + "@" + settings.domain();
            try {
                DigestChallenge challenge = DigestChallenge.parse(r.first("WWW-Authenticate").orElse(""));
                authorizations.put(i, DigestCalculator.answer(challenge, deviceId(i), settings.password(), "REGISTER", uri,
                        () -> Long.toHexString(System.nanoTime()), 1).toHeaderValue());
            } catch (AuthParseException | IllegalArgumentException e) {
                onRegisterAnswer(i, false);
                return;
            }
            int now = nowMs();
            cseq[i]++;
            tries[i] = 0;
            sentAtMs[i] = now;
            nextAtMs[i] = now + (int) T1_MS;
            registersSent.incrementAndGet();
            try {
                send(i, register(i));
            } catch (IOException e) {
                sendsDropped.incrementAndGet(); // retransmitted by the sweep
            }
        }

        private void onRequest(SipRequest q) throws IOException {
            requestsReceived.incrementAndGet();
            int i = deviceIndex(q.requestUri().user());
            if (i < 0) {
                return;
            }
            String key = q.callId() + ' ' + q.cseq().sequence() + ' ' + q.method();
            byte[] again = answers.get(key);
            if (again != null) {
                requestRetransmissionsReceived.incrementAndGet();
                send(i, again);
                return;
            }
            SipResponse.Builder ok = SipResponse.to(q, 200, "d" + i);
            if (q.method().equals("SUBSCRIBE")) {
                int expires = 3600;
                try {
                    expires = q.expires().orElse(3600);
                } catch (SipParseException e) {
                    // keep the default
                }
                ok.header("Expires", expires);
                if (expires > 0) {
                    subscriptionsAccepted.incrementAndGet();
                }
            }
            byte[] wire = ok.build().toBytes();
            if (!q.method().equals("ACK")) {
                answers.put(key, wire);
                send(i, wire);
            }
            if (q.method().equals("MESSAGE")) {
                answerQuery(i, q.body());
            } else if (!q.method().equals("SUBSCRIBE")) {
                otherRequests.incrementAndGet();
            }
        }

        private void answerQuery(int i, byte[] body) throws IOException {
            String text = new String(body, StandardCharsets.ISO_8859_1);
            String cmd = element(text, "CmdType");
            String sn = element(text, "SN");
            String id = deviceId(i);
            String head = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Response>\r\n<CmdType>" + cmd + "</CmdType>\r\n<SN>" + sn
                    + "</SN>\r\n<DeviceID>" + id + "</DeviceID>\r\n";
            switch (cmd) {
                case "DeviceInfo" -> {
                    sendMessage(i, head + "<Result>OK</Result>\r\n<DeviceName>storm " + i + "</DeviceName>\r\n"
                            + "<Manufacturer>gbmesh</Manufacturer>\r\n<Model>storm</Model>\r\n<Firmware>1.0</Firmware>\r\n<Channel>"
                            + settings.channels() + "</Channel>\r\n</Response>\r\n", false);
                    deviceInfoAnswered.incrementAndGet();
                    mark(i, INFO);
                }
                case "Catalog" -> {
                    StringBuilder items = new StringBuilder(head).append("<SumNum>").append(settings.channels())
                            .append("</SumNum>\r\n<DeviceList Num=\"").append(settings.channels()).append("\">\r\n");
                    for (int c = 1; c <= settings.channels(); c++) {
                        // channel IDs: the device's own prefix with type 131 (camera) and the device's index
                        String channelId = id.substring(0, 10) + "131" + String.format("%07d", ((long) i * settings.channels() + c) % 10_000_000);
                        items.append("<Item>\r\n<DeviceID>").append(channelId).append("</DeviceID>\r\n<Name>storm ").append(i).append('-')
                                .append(c).append("</Name>\r\n<Manufacturer>gbmesh</Manufacturer>\r\n<Model>storm</Model>\r\n")
                                .append("<Owner>0</Owner>\r\n<CivilCode>340200</CivilCode>\r\n<Address>bench</Address>\r\n")
                                .append("<Parental>0</Parental>\r\n<ParentID>").append(id).append("</ParentID>\r\n")
                                .append("<Status>ON</Status>\r\n</Item>\r\n");
                    }
                    sendMessage(i, items.append("</DeviceList>\r\n</Response>\r\n").toString(), false);
                    catalogAnswered.incrementAndGet();
                    mark(i, CATALOG);
                }
                case "ConfigDownload" -> {
                    sendMessage(i, head + "<Result>OK</Result>\r\n<BasicParam>\r\n<Name>storm " + i + "</Name>\r\n<DeviceID>" + id
                            + "</DeviceID>\r\n<SIPServerID>" + settings.serverId() + "</SIPServerID>\r\n<SIPServerIP>"
                            + settings.server().getHostString() + "</SIPServerIP>\r\n<SIPServerPort>" + settings.server().getPort()
                            + "</SIPServerPort>\r\n<DomainName>" + settings.domain() + "</DomainName>\r\n<Expiration>"
                            + settings.expires() + "</Expiration>\r\n<HeartBeatInterval>" + settings.keepaliveSeconds()
                            + "</HeartBeatInterval>\r\n<HeartBeatCount>3</HeartBeatCount>\r\n</BasicParam>\r\n</Response>\r\n", false);
                    configAnswered.incrementAndGet();
                    mark(i, CONFIG);
                }
                default -> otherRequests.incrementAndGet();
            }
        }

        private void mark(int i, int bit) {
            int before = answered[i];
            answered[i] = (byte) (before | bit);
            if (before != (INFO | CATALOG | CONFIG) && answered[i] == (INFO | CATALOG | CONFIG)) {
                allQueriesAnswered.incrementAndGet();
                lastAllQueriesNanos.set(System.nanoTime());
            }
        }

        private void send(int device, byte[] wire) throws IOException {
            out.clear();
            out.put(wire).flip();
            if (channelOf(device).send(out, settings.server()) == 0) {
                sendsDropped.incrementAndGet(); // the socket's send buffer is full: a retransmission recovers
            }
        }
    }

    /** A device's own MESSAGE awaiting its final answer. */
    private static final class Pending {
        final int device;
        final byte[] wire;
        final int sentAtMs;
        final boolean keepalive;
        int nextAtMs;
        int intervalMs = (int) T1_MS;

        Pending(int device, byte[] wire, int now, boolean keepalive) {
            this.device = device;
            this.wire = wire;
            this.sentAtMs = now;
            this.keepalive = keepalive;
            this.nextAtMs = now + (int) T1_MS;
        }
    }

    private static final byte[] CALL_ID_REG = "\r\nCall-ID: reg-".getBytes(StandardCharsets.US_ASCII);

    /** Where {@code what} starts in the buffer's content, or -1. */
    private static int indexOf(ByteBuffer b, byte[] what) {
        int last = b.limit() - what.length;
        outer:
        for (int i = 0; i <= last; i++) {
            for (int k = 0; k < what.length; k++) {
                if (b.get(i + k) != what[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private int deviceIndex(String user) {
        if (user == null || user.length() != 20 || !user.startsWith(settings.prefix())) {
            return -1;
        }
        try {
            int i = Integer.parseInt(user.substring(13));
            return i < settings.count() ? i : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** The text of the first {@code <name>} element (no nesting in the few we read). */
    static String element(String xml, String name) {
        int at = xml.indexOf("<" + name + ">");
        if (at < 0) {
            return "";
        }
        int from = at + name.length() + 2;
        int to = xml.indexOf('<', from);
        return to < 0 ? "" : xml.substring(from, to).trim();
    }

    /**
     * Datagrams the kernel dropped on the driver's own sockets (their receive buffers full: the
     * driver did not read fast enough), from the {@code drops} column of {@code /proc/net/udp}; -1
     * when unreadable.
     */
    long socketDrops() {
        java.util.Set<String> ports = new java.util.HashSet<>();
        for (Lane lane : lanes) {
            for (DatagramChannel ch : lane.channels) {
                ports.add(String.format(":%04X", ch.socket().getLocalPort()));
            }
        }
        try {
            long drops = 0;
            // the JDK's channels are IPv6 sockets (IPv4 mapped) where the host has IPv6: both tables
            for (String table : List.of("/proc/net/udp", "/proc/net/udp6")) {
                for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 2 && f[1].length() > 5 && ports.contains(f[1].substring(f[1].length() - 5))) {
                        drops += Long.parseLong(f[f.length - 1]);
                    }
                }
            }
            return drops;
        } catch (IOException | RuntimeException unreadable) {
            return -1;
        }
    }

    /** A one-line account of the counters. */
    String counters() {
        return "registered=" + registered + " register_failed=" + registerFailed + " register_refused=" + registerRefused
                + " registers_sent=" + registersSent + " challenges=" + challenges + " retransmissions=" + retransmissions + " requests_received=" + requestsReceived
                + " request_retransmissions_received=" + requestRetransmissionsReceived + " deviceinfo_answered=" + deviceInfoAnswered
                + " catalog_answered=" + catalogAnswered + " config_answered=" + configAnswered + " all_queries_answered=" + allQueriesAnswered
                + " subscriptions_accepted=" + subscriptionsAccepted + " other_requests=" + otherRequests
                + " messages_confirmed=" + messagesConfirmed + " messages_failed=" + messagesFailed + " keepalives_sent=" + keepalivesSent
                + " sends_dropped=" + sendsDropped + " unparsable=" + unparsable + " socket_drops=" + socketDrops();
    }

    @Override
    public void close() throws IOException {
        running = false;
        for (Lane lane : lanes) {
            lane.selector.wakeup();
        }
        for (Lane lane : lanes) {
            try {
                lane.thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (DatagramChannel ch : lane.channels) {
                ch.close();
            }
            lane.selector.close();
        }
    }
}
