package io.gbmesh.api.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.mqtt.MqttEndpoint;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One connected client: its subscriptions and the messages on their way to it. Runs on the
 * verticle's event loop only.
 *
 * <p>Messages wait in a bounded queue and are written while fewer than {@value #MAX_UNFLUSHED}
 * writes are unfinished on the socket (a slow reader holds them back) and, for QoS 1, while fewer
 * than {@value #MAX_INFLIGHT} deliveries await their PUBACK. When the queue is full the oldest
 * message is dropped: the newer ones carry the more recent state. Sessions are clean: unacknowledged
 * deliveries are not sent again when the client reconnects.
 */
final class ClientSession {
    static final int MAX_INFLIGHT = 32;
    static final int MAX_UNFLUSHED = 64;
    static final int MAX_PENDING_COMMANDS = 16;

    private record Outbound(String topic, io.vertx.core.buffer.Buffer payload, MqttQoS qos, boolean retain) {
    }

    final MqttEndpoint endpoint;
    private final ClientRights rights;
    private final int queueCapacity;
    private final MqttCounters counters;
    private final Map<String, MqttQoS> subscriptions = new LinkedHashMap<>();
    private final ArrayDeque<Outbound> queue = new ArrayDeque<>();
    private final Set<Integer> inflight = new HashSet<>();
    private int unflushed;
    private int nextPacketId = 1;
    private boolean closed;
    int pendingCommands;

    ClientSession(MqttEndpoint endpoint, ClientRights rights, int queueCapacity, MqttCounters counters) {
        this.endpoint = endpoint;
        this.rights = rights;
        this.queueCapacity = queueCapacity;
        this.counters = counters;
    }

    String clientId() {
        return rights.clientId();
    }

    ClientRights rights() {
        return rights;
    }

    /**
     * Adds or replaces a subscription; false when that would exceed {@code max} filters, or when the
     * filter names another client's reply topics (counted).
     */
    boolean subscribe(String filter, MqttQoS qos, int max) {
        if (!rights.maySubscribe(filter)) {
            counters.refusedSubscriptions.incrementAndGet();
            return false;
        }
        if (!subscriptions.containsKey(filter)) {
            if (subscriptions.size() >= max) {
                return false;
            }
            counters.subscriptions.incrementAndGet();
        }
        subscriptions.put(filter, qos);
        return true;
    }

    void unsubscribe(String filter) {
        if (subscriptions.remove(filter) != null) {
            counters.subscriptions.decrementAndGet();
        }
    }

    /**
     * The QoS this client receives a message to {@code topic} with: the highest granted by its
     * matching subscriptions (delivered once, MQTT 3.1.1 section 3.3.5), or null if none matches.
     */
    MqttQoS grantedFor(String topic) {
        MqttQoS best = null;
        for (Map.Entry<String, MqttQoS> s : subscriptions.entrySet()) {
            if (TopicFilter.matches(s.getKey(), topic) && (best == null || s.getValue().value() > best.value())) {
                best = s.getValue();
            }
        }
        return best;
    }

    /** Delivers {@code p} if a subscription matches, at the lower of its granted QoS and {@code qos}. */
    void deliver(Publication p, MqttQoS qos) {
        MqttQoS granted = grantedFor(p.topic());
        if (granted != null) {
            enqueue(p, granted.value() < qos.value() ? granted : qos, false);
        }
    }

    /** Sends a retained message to a new subscription, with the RETAIN flag set. */
    void deliverRetained(Publication p, MqttQoS qos) {
        enqueue(p, qos, true);
    }

    private void enqueue(Publication p, MqttQoS qos, boolean retain) {
        if (closed) {
            return;
        }
        if (queue.size() >= queueCapacity) {
            queue.pollFirst();
            counters.dropped.incrementAndGet();
        }
        queue.addLast(new Outbound(p.topic(), p.payload(), qos, retain));
        drain();
    }

    void acknowledged(int packetId) {
        if (inflight.remove(packetId)) {
            counters.acknowledged.incrementAndGet();
            drain();
        }
    }

    private void drain() {
        while (!closed && !queue.isEmpty() && unflushed < MAX_UNFLUSHED) {
            Outbound next = queue.peekFirst();
            int packetId = 0;
            if (next.qos() == MqttQoS.AT_LEAST_ONCE) {
                if (inflight.size() >= MAX_INFLIGHT) {
                    return;
                }
                packetId = allocatePacketId();
                inflight.add(packetId);
            }
            queue.pollFirst();
            unflushed++;
            counters.publishesOut.incrementAndGet();
            endpoint.publish(next.topic(), next.payload(), next.qos(), false, next.retain(), packetId)
                    .onComplete(ar -> {
                        unflushed--;
                        drain();
                    });
        }
    }

    /** Packet IDs 1..65535 not in flight (MQTT 3.1.1 section 2.3.1). */
    private int allocatePacketId() {
        while (inflight.contains(nextPacketId)) {
            nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
        }
        int id = nextPacketId;
        nextPacketId = nextPacketId == 65_535 ? 1 : nextPacketId + 1;
        return id;
    }

    /** Forgets the client's state once its connection is gone. */
    void closed() {
        if (closed) {
            return;
        }
        closed = true;
        counters.subscriptions.addAndGet(-subscriptions.size());
        subscriptions.clear();
        queue.clear();
        inflight.clear();
    }

    boolean isClosed() {
        return closed;
    }
}
