package io.gbmesh.gateway;

import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;

/**
 * Stops a dome after the {@code durationMs} its motion was asked for, from the gateway, so that a
 * client that goes away does not leave it turning. One timer per channel: a later PTZ command the
 * device accepts replaces it (a new motion brings its own, a stop or a preset call needs none).
 */
final class PtzAutoStop {
    private final Vertx vertx;
    private final Map<String, Long> timers = new HashMap<>();

    PtzAutoStop(Vertx vertx) {
        this.vertx = vertx;
    }

    /** Forgets the channel's pending stop, if any: the command the device just accepted supersedes it. */
    void cancel(String deviceId, String channelId) {
        Long timer = timers.remove(deviceId + '|' + channelId);
        if (timer != null) {
            vertx.cancelTimer(timer);
        }
    }

    /** Runs {@code stop} after {@code delayMillis} unless another command to the channel comes first. */
    void schedule(String deviceId, String channelId, long delayMillis, Runnable stop) {
        String key = deviceId + '|' + channelId;
        cancel(deviceId, channelId);
        long[] self = new long[1];
        self[0] = vertx.setTimer(Math.max(1, delayMillis), id -> {
            if (timers.remove(key, self[0])) {
                stop.run();
            }
        });
        timers.put(key, self[0]);
    }

    int pending() {
        return timers.size();
    }
}
