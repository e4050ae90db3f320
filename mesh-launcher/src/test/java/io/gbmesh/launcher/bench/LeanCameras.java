package io.gbmesh.launcher.bench;

import io.gbmesh.protocol.manscdp.Alarm;
import io.gbmesh.protocol.manscdp.ManscdpDeviceMessages;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import io.gbmesh.sipstack.Branches;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cameras for load benchmarks that cost the machine as little as a camera's SIP can: one UDP socket
 * each (so the platform sees as many sources as cameras), all served by one thread with one selector,
 * requests built before they are sent. They register without authentication (the platform under test
 * runs with {@code GB_SIP_AUTH=off}), send keepalives every 60 s, raise alarms by MESSAGE (GB/T
 * 28181-2016 §9.4.2, retransmitted as RFC 3261 Timer E says until a final answer or 32 s), and answer
 * {@code 200} to every request of the platform (the alarm confirmations among them are counted).
 * The full simulator ({@code device-simulator}) spends several times the CPU per message: on a 2-core
 * machine shared with the platform that cost would be measured as the platform's.
 */
final class LeanCameras implements AutoCloseable {
    private static final long T1_NANOS = 500_000_000L;
    private static final long T2_NANOS = 4_000_000_000L;
    private static final long GIVE_UP_NANOS = 32_000_000_000L;
    private static final long KEEPALIVE_NANOS = 60_000_000_000L;
    private static final DateTimeFormatter GB_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    /** A request waiting for its final answer. */
    private static final class Pending {
        final Camera camera;
        final ByteBuffer bytes;
        final boolean register;
        final long sentAt;
        long nextAt;
        long interval = T1_NANOS;

        Pending(Camera camera, byte[] bytes, boolean register, long now) {
            this.camera = camera;
            this.bytes = ByteBuffer.wrap(bytes);
            this.register = register;
            this.sentAt = now;
            this.nextAt = now + T1_NANOS;
        }
    }

    /** One camera: its ID, its socket, its counters. */
    static final class Camera {
        final String id;
        final DatagramChannel channel;
        final String fromTag = Branches.tag();
        final String registerCallId = Branches.callId();
        long cseq = 1;
        long sn = 1;
        volatile boolean registered;
        long keepaliveAt;

        Camera(String id, DatagramChannel channel) {
            this.id = id;
            this.channel = channel;
        }
    }

    private final List<Camera> cameras = new ArrayList<>();
    private final InetSocketAddress server;
    private final String domain;
    private final String serverId;
    private final Selector selector;
    private final Thread loop;
    private final SipParser parser = new SipParser();
    private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Pending> toSend = new ConcurrentLinkedQueue<>();
    private final ByteBuffer in = ByteBuffer.allocateDirect(65536);
    private volatile boolean running = true;

    final AtomicLong registered = new AtomicLong();
    final AtomicLong alarmsAnswered200 = new AtomicLong();
    final AtomicLong alarmsRefused = new AtomicLong();
    final AtomicLong alarmsUnanswered = new AtomicLong();
    final AtomicLong lastAlarmAnsweredNanos = new AtomicLong();
    final AtomicLong keepalivesRefused = new AtomicLong();
    final AtomicLong retransmissions = new AtomicLong();
    final AtomicLong confirmations = new AtomicLong();
    final AtomicLong requestsAnswered = new AtomicLong();
    final AtomicLong unparsable = new AtomicLong();

    LeanCameras(int count, String prefix, int firstIndex, InetSocketAddress server, String domain, String serverId)
            throws IOException {
        this.server = server;
        this.domain = domain;
        this.serverId = serverId;
        this.selector = Selector.open();
        long now = System.nanoTime();
        for (int i = 0; i < count; i++) {
            DatagramChannel ch = DatagramChannel.open();
            ch.bind(new InetSocketAddress("127.0.0.1", 0));
            ch.configureBlocking(false);
            Camera c = new Camera(prefix + String.format("%07d", firstIndex + i), ch);
            // keepalives spread over the interval, not all in the same instant
            c.keepaliveAt = now + KEEPALIVE_NANOS * i / Math.max(1, count);
            ch.register(selector, SelectionKey.OP_READ, c);
            cameras.add(c);
        }
        loop = new Thread(this::run, "lean-cameras");
        loop.setDaemon(true);
        loop.start();
    }

    List<Camera> cameras() {
        return cameras;
    }

    /** Registers every camera, {@code atOnce} at a time; returns how many are registered. */
    long registerAll(int atOnce, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        for (int from = 0; from < cameras.size(); from += atOnce) {
            int to = Math.min(cameras.size(), from + atOnce);
            for (int i = from; i < to; i++) {
                Camera c = cameras.get(i);
                submit(c, register(c), c.registerCallId, true);
            }
            while (registered.get() < to && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
        }
        return registered.get();
    }

    /** Builds the alarm MESSAGE of {@code camera} (built ahead: what is measured is the platform). */
    byte[] alarmMessage(Camera camera, String description) {
        long sn = camera.sn++;
        byte[] body = ManscdpDeviceMessages.alarmNotify(sn, new Alarm(camera.id, sn, "1", "5",
                LocalDateTime.now().format(GB_TIME), description, "2", OptionalDouble.empty(), OptionalDouble.empty()));
        return message(camera, body).toBytes();
    }

    /** Sends a MESSAGE built by {@link #alarmMessage}; its answer is counted when it comes. */
    void send(Camera camera, byte[] alarmMessage) {
        String callId = callIdOf(alarmMessage);
        submit(camera, alarmMessage, callId, false);
    }

    private void submit(Camera camera, byte[] bytes, String callId, boolean register) {
        Pending p = new Pending(camera, bytes, register, System.nanoTime());
        pending.put(callId, p);
        toSend.add(p);
        selector.wakeup();
    }

    private SipRequest register(Camera c) {
        SipUri uri = SipUri.of(serverId, domain, -1);
        int port = c.channel.socket().getLocalPort();
        return SipRequest.builder("REGISTER", uri)
                .via(Via.of("UDP", "127.0.0.1", port, Branches.branch()).stampRportRequest())
                .from(NameAddress.of(SipUri.of(c.id, domain, -1)).withTag(c.fromTag))
                .to(NameAddress.of(SipUri.of(c.id, domain, -1)))
                .callId(c.registerCallId)
                .cseq(c.cseq++, "REGISTER")
                .contact(NameAddress.of(SipUri.of(c.id, "127.0.0.1", port)))
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.EXPIRES, 3600)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .build();
    }

    private void submit(Camera c, SipRequest request, String callId, boolean register) {
        submit(c, request.toBytes(), callId, register);
    }

    private SipRequest message(Camera c, byte[] body) {
        SipUri to = SipUri.of(serverId, domain, -1);
        return SipRequest.builder("MESSAGE", to)
                .via(Via.of("UDP", "127.0.0.1", c.channel.socket().getLocalPort(), Branches.branch()).stampRportRequest())
                .from(NameAddress.of(SipUri.of(c.id, domain, -1)).withTag(Branches.tag()))
                .to(NameAddress.of(to))
                .callId(Branches.callId())
                .cseq(c.cseq++, "MESSAGE")
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .body("Application/MANSCDP+xml", body)
                .build();
    }

    private static String callIdOf(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int at = text.indexOf("\r\nCall-ID: ");
        return text.substring(at + 11, text.indexOf("\r\n", at + 11));
    }

    private void run() {
        long nextSweep = System.nanoTime();
        while (running) {
            try {
                selector.select(10);
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    receive((Camera) key.attachment());
                }
                Pending p;
                while ((p = toSend.poll()) != null) {
                    transmit(p);
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    nextSweep = now + 20_000_000L;
                    sweep(now);
                }
            } catch (IOException | RuntimeException e) {
                if (running) {
                    System.err.println("lean cameras: " + e);
                }
            }
        }
    }

    private void transmit(Pending p) throws IOException {
        p.camera.channel.send(p.bytes.duplicate(), server);
    }

    /** Retransmissions (Timer E), give-ups (Timer F) and keepalives. */
    private void sweep(long now) throws IOException {
        for (Iterator<java.util.Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
            java.util.Map.Entry<String, Pending> e = it.next();
            Pending p = e.getValue();
            if (now - p.sentAt >= GIVE_UP_NANOS) {
                it.remove();
                if (!p.register) {
                    alarmsUnanswered.incrementAndGet();
                }
            } else if (now - p.nextAt >= 0) {
                retransmissions.incrementAndGet();
                transmit(p);
                p.interval = Math.min(T2_NANOS, p.interval * 2);
                p.nextAt = now + p.interval;
            }
        }
        for (Camera c : cameras) {
            if (c.registered && now - c.keepaliveAt >= 0) {
                c.keepaliveAt = now + KEEPALIVE_NANOS;
                byte[] keepalive = message(c, ManscdpDeviceMessages.keepalive(c.sn++, c.id)).toBytes();
                c.channel.send(ByteBuffer.wrap(keepalive), server);
            }
        }
    }

    private void receive(Camera c) throws IOException {
        while (true) {
            in.clear();
            if (c.channel.receive(in) == null) {
                return;
            }
            in.flip();
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
            } else if (m instanceof SipRequest q) {
                if (q.method().equals("MESSAGE") && new String(q.body(), StandardCharsets.ISO_8859_1)
                        .contains("<CmdType>Alarm</CmdType>")) {
                    confirmations.incrementAndGet();
                }
                requestsAnswered.incrementAndGet();
                c.channel.send(ByteBuffer.wrap(SipResponse.to(q, 200, c.fromTag).build().toBytes()), server);
            }
        }
    }

    private void onResponse(SipResponse r) {
        if (r.isProvisional()) {
            return;
        }
        Pending p = pending.remove(r.callId());
        if (p == null) {
            // a keepalive's answer (not tracked), or a retransmitted one
            if (!r.isSuccess() && r.cseq().method().equals("MESSAGE")) {
                keepalivesRefused.incrementAndGet();
            }
            return;
        }
        if (p.register) {
            if (r.isSuccess() && !p.camera.registered) {
                p.camera.registered = true;
                registered.incrementAndGet();
            }
            return;
        }
        if (r.statusCode() == 200) {
            alarmsAnswered200.incrementAndGet();
            lastAlarmAnsweredNanos.set(System.nanoTime());
        } else {
            alarmsRefused.incrementAndGet();
        }
    }

    /** Alarms sent and not yet answered. */
    int inFlight() {
        return pending.size();
    }

    @Override
    public void close() throws IOException {
        running = false;
        selector.wakeup();
        try {
            loop.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Camera c : cameras) {
            c.channel.close();
        }
        selector.close();
    }
}
