package io.gbmesh.media.stream;

import io.gbmesh.protocol.rtp.RtpPacket;

import java.net.InetSocketAddress;
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
 * <p>It locks the sender too: the address the locked SSRC first came from is the only one taken
 * for that SSRC from then on (and a candidate's packets from another address than its first are not held), so
 * that anyone who learns or guesses the SSRC cannot inject into the stream from elsewhere. Packets
 * from other addresses are dropped and counted. A new answer from the device (a re-INVITE, after
 * which it may send from a new port) {@linkplain #releaseSource() releases} the sender.
 * Over TCP there is no sender address (null): the ingest keeps to one connection.
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
    private InetSocketAddress lockedSource;
    private InetSocketAddress candidateSource;
    private long foreignSourceDropped;

    SsrcLock(long offered, long lockMillis) {
        this.offered = offered;
        this.lockMillis = lockMillis;
    }

    /** The SSRC the device put in its answer ({@code y=} of the 200 OK). */
    void answered(long ssrc) {
        this.answered = ssrc;
    }

    /**
     * Whether a datagram of {@code ssrc} from {@code source} is to be dropped before anything else
     * (counted): it carries the played SSRC, the sender is locked, and this is another one.
     */
    boolean isForeignSource(long ssrc, InetSocketAddress source) {
        if (source == null || lockedSource == null || ssrc != locked || lockedSource.equals(source)) {
            return false;
        }
        foreignSourceDropped++;
        return true;
    }

    /** The next packet of the locked SSRC binds the sender again, wherever it comes from. */
    void releaseSource() {
        lockedSource = null;
    }

    void offer(RtpPacket packet, long now, Consumer<RtpPacket> pass) {
        offer(packet, null, now, pass);
    }

    void offer(RtpPacket packet, InetSocketAddress source, long now, Consumer<RtpPacket> pass) {
        long ssrc = packet.ssrc();
        if (locked != UNKNOWN) {
            if (ssrc == locked) {
                if (lockedSource == null) {
                    lockedSource = source;
                }
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
            lockedSource = source;
            pass.accept(packet);
            return;
        }
        if (candidate == UNKNOWN) {
            candidate = ssrc;
            candidateSince = now;
            candidateSource = source;
        }
        if (ssrc != candidate) {
            dropped++;
            return;
        }
        if (source != null && !source.equals(candidateSource)) {
            foreignSourceDropped++;
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
            lockedSource = candidateSource;
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

    /**
     * Datagrams of the locked SSRC from another sender than the locked one, and of the candidate SSRC
     * from another sender than the candidate's first (other SSRCs count in {@link #dropped()}).
     */
    long foreignSourceDropped() {
        return foreignSourceDropped;
    }

    /** The sender the stream is locked to, null before the lock, over TCP, or after a release. */
    InetSocketAddress lockedSource() {
        return lockedSource;
    }

    int held() {
        return held.size();
    }
}
