package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DownloadProgress;
import io.gbmesh.contracts.MediaStatusNotified;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * The downloads this replica started, with their state as their media node reports it
 * ({@link DownloadProgress} on {@link Addresses#DOWNLOAD_PROGRESS}): {@code running} from the first
 * frame, then {@code done} at the device's end of file once its range is written (or a device that
 * ends it with the whole range written), {@code stopped} when a user stopped it, {@code failed} with a reason when the device
 * ended it early, it stalled, or its file could not be written. Progress is the media time written
 * over the range asked; the speed achieved is that media time over the wall time since the request.
 * Each change is given to {@code listener} (the MQTT events). Safe from any thread.
 */
public final class Downloads {
    /** A device that ends with no more than this much of its range missing has sent it all (the last GOP may be cut). */
    static final double END_TOLERANCE_SECONDS = 2;
    /** How long after a device's end of file its download is looked at: the last packets' time to arrive. */
    static final long END_GRACE_MILLIS = 1000;

    public enum State { QUEUED, RUNNING, DONE, FAILED, STOPPED }

    /** One download; its figures change as its node reports. */
    public static final class Entry {
        final String id;
        final String deviceId;
        final String channelId;
        final long start;
        final long end;
        final int speed;
        final String transport;
        final long requestedAt;
        private String mediaNode;
        private String mediaHttpUrl;
        private long deviceFileSize = -1;
        private State state = State.QUEUED;
        private long mediaMillis;
        private long fileBytes;
        private long receivedBytes;
        private long endedAt;
        private String reason;
        private boolean stopAsked;
        /** The device said end of file for the channel while this download was short of its range. */
        private boolean endOfFileSeen;

        Entry(String id, String deviceId, String channelId, long start, long end, int speed, String transport, long requestedAt) {
            this.id = id;
            this.deviceId = deviceId;
            this.channelId = channelId;
            this.start = start;
            this.end = end;
            this.speed = speed;
            this.transport = transport;
            this.requestedAt = requestedAt;
        }

        public String id() {
            return id;
        }

        synchronized String mediaHttpUrl() {
            return mediaHttpUrl;
        }

        public synchronized State state() {
            return state;
        }

        synchronized boolean ended() {
            return state == State.DONE || state == State.FAILED || state == State.STOPPED;
        }

        public synchronized JsonObject describe(long now) {
            double range = end - start;
            double media = mediaMillis / 1000.0;
            long wall = (endedAt > 0 ? endedAt : now) - requestedAt;
            double progress = state == State.DONE ? 1.0 : Math.min(1.0, range <= 0 ? 0 : media / range);
            return new JsonObject().put("downloadId", id).put("deviceId", deviceId).put("channelId", channelId)
                    .put("start", start).put("end", end).put("speed", speed).put("transport", transport)
                    .put("state", state.name().toLowerCase(Locale.ROOT))
                    .put("progress", Math.round(progress * 1000) / 1000.0)
                    .put("bytes", fileBytes).put("receivedBytes", receivedBytes)
                    .put("deviceFileSize", deviceFileSize < 0 ? null : deviceFileSize)
                    .put("mediaSeconds", Math.round(media * 1000) / 1000.0)
                    .put("speedAchieved", wall <= 0 ? 0 : Math.round(media / (wall / 1000.0) * 100) / 100.0)
                    .put("requestedAt", requestedAt).put("endedAt", endedAt > 0 ? endedAt : null)
                    .put("mediaNode", mediaNode).put("reason", reason);
        }

        /** The node's report; true when it changed the state. */
        synchronized boolean report(DownloadProgress p) {
            if (ended()) {
                return false;
            }
            mediaMillis = Math.max(mediaMillis, p.mediaMillis());
            fileBytes = Math.max(fileBytes, p.fileBytes());
            receivedBytes = Math.max(receivedBytes, p.receivedBytes());
            if (!p.finished()) {
                return false;
            }
            endedAt = p.at();
            double range = end - start;
            double media = mediaMillis / 1000.0;
            if (stopAsked || "closed-by-user".equals(p.reason())) {
                state = State.STOPPED;
                reason = "stopped by a user after " + seconds(media) + " s of " + seconds(range) + " s";
            } else if (p.error() != null) {
                state = State.FAILED;
                reason = "the file could not be written: " + p.error();
            } else if ("end-of-file".equals(p.reason()) || media >= range - END_TOLERANCE_SECONDS) {
                state = State.DONE;
                reason = null;
            } else if ("stalled".equals(p.reason()) && endOfFileSeen) {
                state = State.FAILED;
                reason = "the device's recording ended (end of file) after " + seconds(media) + " s of " + seconds(range) + " s";
            } else if ("stalled".equals(p.reason())) {
                state = State.FAILED;
                reason = "no media arrived for a while (stalled) after " + seconds(media) + " s of " + seconds(range) + " s";
            } else {
                state = State.FAILED;
                reason = "the stream ended (" + p.reason() + ") after " + seconds(media) + " s of " + seconds(range) + " s";
            }
            return true;
        }

        private static String seconds(double s) {
            return String.format(Locale.ROOT, "%.1f", s);
        }

        synchronized void running(ActiveStream s, long deviceFileSize) {
            mediaNode = s.mediaNode();
            mediaHttpUrl = s.mediaHttpUrl();
            this.deviceFileSize = deviceFileSize;
            if (state == State.QUEUED) {
                state = State.RUNNING;
            }
        }

        synchronized void stopAsked() {
            stopAsked = true;
        }

        /** The device's end of file for this download's channel: true when its range is written (it is done). */
        synchronized boolean endOfFile() {
            if (mediaMillis / 1000.0 >= end - start - END_TOLERANCE_SECONDS) {
                return true;
            }
            endOfFileSeen = true;
            return false;
        }

        boolean of(MediaStatusNotified status) {
            return deviceId.equals(status.deviceId()) && (channelId.equals(status.channelId()) || deviceId.equals(status.channelId()));
        }
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Vertx vertx;
    private final Consumer<JsonObject> listener;
    private final BiFunction<String, String, Future<Void>> stopper;

    private Downloads(Vertx vertx, Consumer<JsonObject> listener, BiFunction<String, String, Future<Void>> stopper) {
        this.vertx = vertx;
        this.listener = listener;
        this.stopper = stopper;
    }

    /**
     * The table, listening to the nodes' reports and to the devices' end of file; {@code stopper}
     * stops a stream with a reason (the orchestrator's stop).
     */
    public static Future<Downloads> start(Vertx vertx, Consumer<JsonObject> listener,
                                          BiFunction<String, String, Future<Void>> stopper) {
        MeshCodec.register(vertx.eventBus());
        Downloads d = new Downloads(vertx, listener, stopper);
        Future<Void> progress = vertx.eventBus().<Object>consumer(Addresses.DOWNLOAD_PROGRESS, m -> {
            if (m.body() instanceof DownloadProgress p) {
                d.report(p);
            }
        }).completion();
        Future<Void> status = vertx.eventBus().<Object>consumer(Addresses.MEDIA_STATUS, m -> {
            if (m.body() instanceof MediaStatusNotified s && s.endOfFile()) {
                d.endOfFile(s);
            }
        }).completion();
        return Future.all(progress, status).map(d);
    }

    /**
     * A device's end of file names its channel only: after {@link #END_GRACE_MILLIS} (the last packets'
     * time to arrive and be reported) the channel's running downloads whose range is written end
     * {@code done}; the others go on (another download of the channel ended), and one that then
     * stalls fails as a recording that ended early.
     */
    private void endOfFile(MediaStatusNotified status) {
        vertx.setTimer(END_GRACE_MILLIS, t -> {
            for (Entry e : entries.values()) {
                if (!e.ended() && e.of(status) && e.endOfFile()) {
                    stopper.apply(e.id, "end-of-file");
                }
            }
        });
    }

    void add(Entry e) {
        entries.put(e.id, e);
    }

    void report(DownloadProgress p) {
        Entry e = entries.get(p.streamId());
        if (e == null) {
            return; // another replica's download
        }
        boolean changed = e.report(p);
        if (changed || !e.ended()) {
            listener.accept(e.describe(System.currentTimeMillis()));
        }
    }

    public Entry get(String id) {
        return id == null ? null : entries.get(id);
    }

    /** Every download of this replica, oldest first. */
    public JsonArray list(long now) {
        List<Entry> all = new ArrayList<>(entries.values());
        all.sort(Comparator.comparingLong((Entry e) -> e.requestedAt).thenComparing(e -> e.id));
        JsonArray out = new JsonArray();
        all.forEach(e -> out.add(e.describe(now)));
        return out;
    }
}
