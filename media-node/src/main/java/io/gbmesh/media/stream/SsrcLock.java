package io.gbmesh.media.stream;

import io.gbmesh.protocol.rtp.RtpPacket;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Decides which SSRC a stream on a port of its own plays. The SSRC offered in the INVITE ({@code y=})
 * and the one the device answered are expected; some devices send yet another one. Their stream is
 * still played: once {@code lockMillis} have passed since the first packet of a foreign SSRC with no
 * packet of an expected one, the stream locks onto the foreign SSRC and reports the mismatch. The
 * packets of the candidate are held meanwhile (bounded) so that its first key frame is not lost.
 * After the lock, packets of any other SSRC are dropped and counted.
 *
 * <p>Not thread-safe: one instance per stream, used from one thread.
 */
final class SsrcLock {

    static final long UNKNOWN = -1;
    private static final int MAX_HELD = 4096;

    private final long lockMillis;
    private long offered;
    private long answered = UNKNOWN;
    private long locked = UNKNOWN;
    private boolean mismatch;
    private long candidate = UNKNOWN;
    private long candidateSince;
    private final ArrayDeque<RtpPacket> held = new ArrayDeque<>();
    private long dropped;

    SsrcLock(long offered, long lockMillis) {
        this.offered = offered;
        this.lockMillis = lockMillis;
    }

    /** The SSRC the device put in its answer ({@code y=} of the 200 OK). */
    void answered(long ssrc) {
        this.answered = ssrc;
    }

    void offer(RtpPacket packet, long now, Consumer<RtpPacket> pass) {
        long ssrc = packet.ssrc();
        if (locked != UNKNOWN) {
            if (ssrc == locked) {
                pass.accept(packet);
            } else {
                dropped++;
            }
            return;
        }
        if (isExpected(ssrc) || (offered == UNKNOWN && answered == UNKNOWN)) {
            dropped += held.size();
            held.clear();
            candidate = UNKNOWN;
            locked = ssrc;
            pass.accept(packet);
            return;
        }
        if (candidate == UNKNOWN) {
            candidate = ssrc;
            candidateSince = now;
        }
        if (ssrc != candidate) {
            dropped++;
            return;
        }
        if (held.size() == MAX_HELD) {
            held.removeFirst();
            dropped++;
        }
        held.addLast(packet);
        tick(now, pass);
    }

    /** Locks onto the candidate once it has waited long enough; called by the stream's timer too. */
    void tick(long now, Consumer<RtpPacket> pass) {
        if (locked == UNKNOWN && candidate != UNKNOWN && now - candidateSince >= lockMillis) {
            locked = candidate;
            mismatch = true;
            while (!held.isEmpty()) {
                pass.accept(held.removeFirst());
            }
        }
    }

    private boolean isExpected(long ssrc) {
        return ssrc == offered || ssrc == answered;
    }

    /** The SSRC played, or {@link #UNKNOWN} before the lock. */
    long locked() {
        return locked;
    }

    boolean mismatch() {
        return mismatch;
    }

    /** Packets of an SSRC that is not played. */
    long dropped() {
        return dropped;
    }

    int held() {
        return held.size();
    }
}
