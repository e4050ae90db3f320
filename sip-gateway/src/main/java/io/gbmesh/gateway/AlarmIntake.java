package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.MobilePosition;
import io.gbmesh.protocol.manscdp.Alarm;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;

/**
 * Alarms and positions accepted from devices, published on the event bus ({@link AlarmRaised},
 * {@link MobilePosition}) for the api-service to store and push.
 *
 * <p>A storm (a device sending 100 alarms a second) is limited per device by a token bucket:
 * {@link EventSettings#alarmBurst()} at once, then {@link EventSettings#alarmRate()} a second. Alarms
 * over the rate are not dropped but wait in the device's queue and are published at the rate, so that
 * everything published is stored and pushed and the database and subscribers see a bounded rate per
 * device. Only past {@link EventSettings#alarmQueue()} waiting alarms is one dropped — never
 * published, so never stored — and counted ({@code alarm.dropped.storm}); delayed ones are counted
 * too ({@code alarm.delayed.storm}). Used on the gateway's event loop.
 */
final class AlarmIntake {
    /** Longest raw body kept with an alarm; a MANSCDP alarm is a few hundred bytes. */
    static final int MAX_RAW_BODY = 8192;
    /** Longest description kept. */
    static final int MAX_DESCRIPTION = 1024;
    private static final Charset GB18030 = Charset.forName("GB18030");

    private final Vertx vertx;
    private final EventBus bus;
    private final String nodeId;
    private final EventSettings settings;
    private final GatewayMetrics metrics;
    private final Map<String, Bucket> buckets = new HashMap<>();

    /** One device's tokens and the alarms waiting for one. */
    private static final class Bucket {
        double tokens;
        long refilledAt;
        final ArrayDeque<AlarmRaised> waiting = new ArrayDeque<>();
        long timer = -1;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }
    }

    AlarmIntake(Vertx vertx, String nodeId, EventSettings settings, GatewayMetrics metrics) {
        this.vertx = vertx;
        this.bus = vertx.eventBus();
        this.nodeId = nodeId;
        this.settings = settings;
        this.metrics = metrics;
    }

    /** An alarm of {@code deviceId} accepted by MESSAGE or NOTIFY ({@code via}); published now or at the device's rate. */
    void alarm(String deviceId, Alarm alarm, String via, byte[] rawBody) {
        AlarmRaised event = new AlarmRaised(UUID.randomUUID().toString(), deviceId, alarm.deviceId(),
                cut(alarm.alarmPriority(), 32), cut(alarm.alarmMethod(), 32), cut(alarm.alarmType(), 64),
                cut(alarm.alarmTime(), 64), cut(alarm.alarmDescription(), MAX_DESCRIPTION), boxed(alarm.longitude()),
                boxed(alarm.latitude()), via, text(rawBody), System.currentTimeMillis(), nodeId);
        metrics.count("alarm.received");
        long now = System.nanoTime();
        Bucket b = buckets.computeIfAbsent(deviceId, id -> new Bucket(settings.alarmBurst(), now));
        refill(b, now);
        if (b.waiting.isEmpty() && b.tokens >= 1) {
            b.tokens -= 1;
            publish(event);
            return;
        }
        if (b.waiting.size() >= settings.alarmQueue()) {
            metrics.count("alarm.dropped.storm");
            return;
        }
        metrics.count("alarm.delayed.storm");
        b.waiting.add(event);
        schedule(deviceId, b);
    }

    /** A position report of {@code deviceId}: published as it is. */
    void position(String deviceId, io.gbmesh.protocol.manscdp.MobilePosition p) {
        metrics.count("position.received");
        bus.publish(Addresses.DEVICE_POSITION, new MobilePosition(deviceId, p.deviceId(), cut(p.time(), 64),
                boxed(p.longitude()), boxed(p.latitude()), boxed(p.speed()), boxed(p.direction()), boxed(p.altitude()),
                System.currentTimeMillis()));
    }

    /** The device went offline: what waits is published now (it was accepted), and its bucket goes. */
    void forget(String deviceId) {
        Bucket b = buckets.remove(deviceId);
        if (b != null) {
            vertx.cancelTimer(b.timer);
            b.waiting.forEach(this::publish);
        }
    }

    /** Alarms waiting for their turn, over all devices. */
    int waiting() {
        int n = 0;
        for (Bucket b : buckets.values()) {
            n += b.waiting.size();
        }
        return n;
    }

    private void schedule(String deviceId, Bucket b) {
        if (b.timer >= 0) {
            return;
        }
        long delay = Math.max(1, (long) Math.ceil(1000.0 / settings.alarmRate()));
        b.timer = vertx.setTimer(delay, id -> {
            b.timer = -1;
            if (buckets.get(deviceId) != b) {
                return;
            }
            refill(b, System.nanoTime());
            while (b.tokens >= 1 && !b.waiting.isEmpty()) {
                b.tokens -= 1;
                publish(b.waiting.poll());
            }
            if (!b.waiting.isEmpty()) {
                schedule(deviceId, b);
            }
        });
    }

    private void refill(Bucket b, long now) {
        double elapsed = (now - b.refilledAt) / 1e9;
        b.tokens = Math.min(settings.alarmBurst(), b.tokens + elapsed * settings.alarmRate());
        b.refilledAt = now;
    }

    private void publish(AlarmRaised event) {
        metrics.count("alarm.published");
        bus.publish(Addresses.DEVICE_ALARM, event);
    }

    /** The body as text: UTF-8 when it is valid UTF-8, else GB18030 (what devices declaring GB2312 send). */
    static String text(byte[] body) {
        int length = Math.min(body.length, MAX_RAW_BODY);
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body, 0, length)).toString()
                    .replace("\0", "");
        } catch (CharacterCodingException notUtf8) {
            return new String(body, 0, length, GB18030).replace("\0", "");
        }
    }

    private static String cut(String s, int max) {
        if (s == null) {
            return "";
        }
        String clean = s.replace("\0", "");
        return clean.length() <= max ? clean : clean.substring(0, max);
    }

    private static Double boxed(OptionalDouble v) {
        return v.isPresent() && Double.isFinite(v.getAsDouble()) ? v.getAsDouble() : null;
    }
}
