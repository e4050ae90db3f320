package io.gbmesh.api.http;

import io.gbmesh.contracts.AlarmRaised;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The live alarm feed as Server-Sent Events (HTML Living Standard §9.2): every alarm this replica hears
 * on the event bus goes to each open {@code GET /alarms/stream} whose device filter it passes, as
 * {@code event: alarm}, {@code id: <alarmId>}, {@code data: <the alarm's JSON>}; a comment line every
 * {@value #HEARTBEAT_MILLIS} ms keeps idle connections (and the proxies before them) open. A client that
 * does not read (its write queue full) is closed rather than buffered without end; EventSource
 * reconnects by itself and the listing fills the gap. At most {@value #MAX_CLIENTS} clients at once.
 */
final class AlarmFeed {
    static final int MAX_CLIENTS = 1000;
    static final long HEARTBEAT_MILLIS = 15_000;

    private final Map<HttpServerResponse, String> clients = new LinkedHashMap<>();

    AlarmFeed(Vertx vertx) {
        vertx.setPeriodic(HEARTBEAT_MILLIS, id -> {
            for (HttpServerResponse r : List.copyOf(clients.keySet())) {
                write(r, ": keepalive\n\n");
            }
        });
    }

    /** Opens the stream on {@code response} for the alarms of {@code deviceId} (all when null); false when full. */
    boolean open(HttpServerResponse response, String deviceId) {
        if (clients.size() >= MAX_CLIENTS) {
            return false;
        }
        response.setChunked(true).putHeader("content-type", "text/event-stream; charset=utf-8")
                .putHeader("cache-control", "no-cache").putHeader("x-accel-buffering", "no");
        response.write(": gbmesh alarms\n\n");
        clients.put(response, deviceId == null ? "" : deviceId);
        response.closeHandler(v -> clients.remove(response));
        return true;
    }

    void publish(AlarmRaised alarm) {
        if (clients.isEmpty()) {
            return;
        }
        String event = "event: alarm\nid: " + alarm.alarmId() + "\ndata: " + AlarmViews.alarm(alarm).encode() + "\n\n";
        List<HttpServerResponse> targets = new ArrayList<>();
        clients.forEach((r, device) -> {
            if (device.isEmpty() || device.equals(alarm.deviceId())) {
                targets.add(r);
            }
        });
        for (HttpServerResponse r : targets) {
            write(r, event);
        }
    }

    int clients() {
        return clients.size();
    }

    private void write(HttpServerResponse r, String text) {
        if (r.writeQueueFull()) {
            clients.remove(r);
            r.reset();
            return;
        }
        r.write(text);
    }
}
