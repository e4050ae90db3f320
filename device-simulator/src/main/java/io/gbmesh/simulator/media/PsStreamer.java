package io.gbmesh.simulator.media;

import io.gbmesh.protocol.ps.PsPack;
import io.gbmesh.protocol.rtp.RtpPacketizer;
import io.vertx.core.Vertx;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Replays a {@link PsRecording} as RTP in real time (GB/T 28181-2016 annex C): each pack is one RTP
 * frame with payload type 96, sent when its SCR says, its 90 kHz timestamp taken from the SCR. The
 * file loops; timestamps keep increasing across loops. Runs on the device's event loop.
 */
final class PsStreamer {
    /** How often the clock is looked at; packs due meanwhile go out together. */
    private static final long TICK_MILLIS = 10;
    /** Behind by more than this (a stalled event loop), the stream skips ahead instead of bursting. */
    private static final long MAX_LAG_TICKS = 90_000;

    private final Vertx vertx;
    private final PsRecording recording;
    private final RtpSender sender;
    private final RtpPacketizer packetizer;
    private final long firstTimestamp = ThreadLocalRandom.current().nextLong(0, 1L << 31);
    private long startNanos;
    private long loopStart;
    private int next;
    private volatile long timer = -1;
    /** Written on the event loop, read from anywhere. */
    private volatile long packets;
    private long skippedFrames;

    private java.util.function.BooleanSupplier muted = () -> false;

    /** While this says so, packs are skipped as if the network lost them (the stream stalls, the dialog stays). */
    void mutedWhen(java.util.function.BooleanSupplier condition) {
        this.muted = condition;
    }

    PsStreamer(Vertx vertx, PsRecording recording, RtpSender sender, long ssrc) {
        this.vertx = vertx;
        this.recording = recording;
        this.sender = sender;
        this.packetizer = new RtpPacketizer(ssrc, RtpPacketizer.DEFAULT_PAYLOAD_TYPE, RtpPacketizer.DEFAULT_MAX_PAYLOAD,
                ThreadLocalRandom.current().nextInt(65536));
    }

    void start() {
        if (timer >= 0) {
            return;
        }
        startNanos = System.nanoTime();
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

    long packets() {
        return packets;
    }

    long skippedFrames() {
        return skippedFrames;
    }

    private void sendDue() {
        long elapsed = (System.nanoTime() - startNanos) * 90 / 1_000_000;
        while (true) {
            long due = loopStart + recording.offset(next);
            if (due > elapsed) {
                return;
            }
            if (elapsed - due > MAX_LAG_TICKS) {
                startNanos += (elapsed - due) * 1_000_000 / 90;
                elapsed = due;
            }
            PsPack pack = recording.pack(next);
            if (sender.writable() && !muted.getAsBoolean()) {
                packets += packetizer.packetize(pack.source(), pack.offset(), pack.length(), firstTimestamp + due, sender::send);
            } else {
                skippedFrames++;
            }
            if (++next == recording.size()) {
                next = 0;
                loopStart += recording.period();
            }
        }
    }
}
