package io.gbmesh.media.talk;

/**
 * One talk on this node: its audio source, and once the device's INVITE came, its link and RTP
 * packetizer. Paced by {@link TalkClock}: packet n leaves at start + n × 20 ms. Used on the media
 * node's event loop.
 */
final class TalkSession {
    static final long FRAME_NANOS = 20_000_000L;
    /** Packets a late tick may still catch up; beyond that the talk skips ahead (a stalled loop, not a burst). */
    static final int MAX_CATCH_UP = 10;

    final String talkId;
    final String deviceId;
    final String channelId;
    final String source;
    final TalkAudio audio;
    final long preparedAt;
    TalkLink link;
    G711Packetizer packetizer;
    /** A talk both ways: the stream whose audio goes back to the WebSocket, and the sink doing it; else null. */
    String listenStreamId;
    DeviceAudioListener listener;
    /** The one WebSocket the talk's audio comes from, once attached. */
    io.vertx.core.http.ServerWebSocket socket;
    /** Bytes the socket handed to the node's context and not yet pushed, paused while too much waits. */
    final java.util.concurrent.atomic.AtomicLong socketInFlight = new java.util.concurrent.atomic.AtomicLong();
    final java.util.concurrent.atomic.AtomicBoolean socketPaused = new java.util.concurrent.atomic.AtomicBoolean();
    private final short[] frame = new short[G711Packetizer.SAMPLES_PER_PACKET];
    private long startNanos = -1;
    long sent;
    long silent;
    long skipped;

    TalkSession(String talkId, String deviceId, String channelId, String source, TalkAudio audio, long preparedAt) {
        this.talkId = talkId;
        this.deviceId = deviceId;
        this.channelId = channelId;
        this.source = source;
        this.audio = audio;
        this.preparedAt = preparedAt;
    }

    boolean connected() {
        return link != null && packetizer != null;
    }

    /**
     * Sends the packets due at {@code nowNanos}; returns why the talk ended ({@code source-ended},
     * {@code source-failed}, {@code connection-lost}), or null while it goes on.
     */
    String tick(long nowNanos) {
        if (!connected()) {
            return null;
        }
        if (link.lost()) {
            return "connection-lost";
        }
        if (!link.ready() || (startNanos < 0 && !audio.ready())) {
            return null;
        }
        if (startNanos < 0) {
            startNanos = nowNanos;
        }
        long due = (nowNanos - startNanos) / FRAME_NANOS + 1;
        if (due - sent > MAX_CATCH_UP) {
            skipped += due - sent - 1;
            sent = due - 1;
        }
        while (sent < due) {
            if (!audio.next(frame)) {
                if (audio.ended()) {
                    return audio.failure() == null ? "source-ended" : "source-failed";
                }
                java.util.Arrays.fill(frame, (short) 0);
                silent++;
            }
            link.send(packetizer.next(frame));
            sent++;
        }
        return null;
    }
}
