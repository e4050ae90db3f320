package io.gbmesh.simulator.media;

import io.gbmesh.protocol.ps.PsPack;
import io.gbmesh.protocol.rtp.RtpPacketizer;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replays a stretch of a simulated recording as RTP (GB/T 28181-2016 §9.8, §9.9): the recording at
 * a time of day is the capture looped from the day's start, so a range asked by {@code t=} starts at
 * the key frame at or before its start, as devices start a playback. Media time advances at
 * {@code speed} times the wall clock (a download's {@code a=downloadspeed}, a playback's MANSRTSP
 * {@code Scale}), stops while paused, and jumps on a seek ({@code Range: npt=}) to the key frame at or
 * before the position. The RTP timestamp is the media time from the range's start (90 kHz) over a
 * random base, so a speed-up and a seek show in the timestamps, as from a real device. At the end of
 * the range the streamer stops and says so once. Runs on the device's event loop.
 */
final class RecordedStreamer {
    private static final long TICK_MILLIS = 10;

    private final Vertx vertx;
    private final PsRecording recording;
    private final RtpSender sender;
    private final RtpPacketizer packetizer;
    private final long rangeTicks;
    /** Where in the looped capture the range starts (ticks). */
    private final long base;
    private final boolean[] keyFrames;
    private final long timestampBase = ThreadLocalRandom.current().nextLong(1L << 24, 1L << 30);
    private final Runnable onEnd;
    /** Range-relative ticks at which the current loop of the capture starts. */
    private long loopStart;
    private int next;
    /** The media time reached: packs up to it have been sent. */
    private double position;
    private double speed;
    private boolean paused;
    private long lastNanos;
    private long timer = -1;
    private boolean ended;
    /** While true the packs due are dropped, not sent, and the replay goes on: a broken uplink. */
    private java.util.function.BooleanSupplier muted = () -> false;
    private volatile long packets;
    private volatile long bytes;

    RecordedStreamer(Vertx vertx, PsRecording recording, RtpSender sender, long ssrc, long rangeStartEpochSeconds,
                     long rangeSeconds, double speed, Runnable onEnd) {
        this.vertx = vertx;
        this.recording = recording;
        this.sender = sender;
        this.packetizer = new RtpPacketizer(ssrc, RtpPacketizer.DEFAULT_PAYLOAD_TYPE, RtpPacketizer.DEFAULT_MAX_PAYLOAD,
                ThreadLocalRandom.current().nextInt(65536));
        this.rangeTicks = rangeSeconds * 90_000;
        this.base = Math.floorMod(Math.floorMod(rangeStartEpochSeconds, 86_400) * 90_000L, recording.period());
        this.speed = speed;
        this.onEnd = onEnd;
        this.keyFrames = new boolean[recording.size()];
        for (int i = 0; i < keyFrames.length; i++) {
            keyFrames[i] = isKeyFrame(recording.pack(i));
        }
        seekTicks(0);
    }

    /** A pack that opens a group of pictures: devices write the system header and stream map (0xBB, 0xBC) there. */
    static boolean isKeyFrame(PsPack pack) {
        byte[] b = pack.source();
        int end = Math.min(pack.offset() + pack.length(), pack.offset() + 256) - 3;
        for (int i = pack.offset() + 4; i < end; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] == (byte) 0xBB || b[i + 3] == (byte) 0xBC)) {
                return true;
            }
        }
        return false;
    }

    void start() {
        if (timer >= 0 || ended) {
            return;
        }
        lastNanos = System.nanoTime();
        sendDue();
        timer = vertx.setPeriodic(TICK_MILLIS, id -> sendDue());
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }

    boolean running() {
        return timer >= 0;
    }

    void pause() {
        advanceClock();
        paused = true;
    }

    void resume() {
        advanceClock();
        paused = false;
    }

    void speed(double value) {
        advanceClock();
        speed = value;
    }

    /** Jumps to {@code seconds} from the start of the range (the key frame at or before it). */
    void seek(double seconds) {
        advanceClock();
        seekTicks((long) (seconds * 90_000));
    }

    double speed() {
        return speed;
    }

    boolean paused() {
        return paused;
    }

    /** Seconds of media sent from the start of the range. */
    double positionSeconds() {
        return position / 90_000.0;
    }

    long packets() {
        return packets;
    }

    long bytes() {
        return bytes;
    }

    private void seekTicks(long ticks) {
        long clamped = Math.max(0, Math.min(ticks, rangeTicks));
        long inLoop = Math.floorMod(base + clamped, recording.period());
        loopStart = clamped - inLoop;
        int key = 0;
        for (int i = 0; i < recording.size() && recording.offset(i) <= inLoop; i++) {
            if (keyFrames[i]) {
                key = i;
            }
        }
        next = key;
        position = loopStart + recording.offset(next);
    }

    private void advanceClock() {
        long now = System.nanoTime();
        if (!paused) {
            position += (now - lastNanos) * 90_000.0 / 1_000_000_000L * speed;
        }
        lastNanos = now;
    }

    private void sendDue() {
        advanceClock();
        while (!ended) {
            long due = loopStart + recording.offset(next);
            if (due >= rangeTicks) {
                end();
                return;
            }
            if (due > position) {
                return;
            }
            if (!sender.writable()) {
                return; // TCP backpressure: the device waits (a download then runs slower)
            }
            PsPack pack = recording.pack(next);
            if (!muted.getAsBoolean()) {
                packets += packetizer.packetize(pack.source(), pack.offset(), pack.length(), timestampBase + due,
                        sender::send);
                bytes += pack.length();
            }
            if (++next == recording.size()) {
                next = 0;
                loopStart += recording.period();
            }
        }
    }

    /** Drops what is due while {@code when} says so (the device's uplink broken), the replay going on. */
    void mutedWhen(java.util.function.BooleanSupplier when) {
        this.muted = when;
    }

    private void end() {
        ended = true;
        stop();
        onEnd.run();
    }

    /** The size a file of this many seconds of the capture has: what a device puts in {@code a=filesize}. */
    static long fileSize(PsRecording recording, long seconds) {
        long total = 0;
        for (int i = 0; i < recording.size(); i++) {
            total += recording.pack(i).length();
        }
        return (long) (total * (seconds * 90_000.0 / recording.period()));
    }
}
