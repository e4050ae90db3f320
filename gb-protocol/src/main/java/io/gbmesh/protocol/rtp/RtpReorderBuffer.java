package io.gbmesh.protocol.rtp;

import java.util.function.Consumer;

/**
 * A jitter buffer without a clock: puts the packets of one SSRC back in sequence order over a small
 * window and gives up on a missing packet once the window is full, i.e. once a packet
 * {@code window} sequence numbers later has arrived. Time plays no part, so the same arrivals
 * always give the same output; a receiver that wants a time bound calls {@link #flush} from its timer.
 *
 * <p>At the start of a stream the first {@code window / 2} packets are held before anything is
 * released, so that a packet sent before the first one to arrive is still put in front rather than
 * counted late: losing the first packets would cost the first key frame of the stream.
 *
 * <p>Sequence numbers are compared modulo 2^16 (RFC 3550 appendix A.1), so 65535 → 0 is just the
 * next packet. A jump of more than {@code maxJump} either way is taken as a sender restart: the
 * buffer is flushed and restarts from the new number. So is a run of {@code window} packets in a row
 * that all come behind the numbers released, in consecutive sequence and none a duplicate of a packet
 * released (same number and timestamp) — a sender that began a new RTP session, RFC 3550 §5.1, from a
 * random number a little behind the old one: a device INVITEd again for a playback's next file. The
 * run is held, not dropped, and is the start of the restarted stream. A burst of duplicates, or late
 * packets out of sequence (a lossy link's stragglers), breaks the run. That rule is the fallback: a
 * receiver that knows the sender began a new session says so with {@link #restart}.
 *
 * <p>Counters: {@link #lost()} gaps given up on, {@link #late()} packets that came after their slot
 * was given up, {@link #duplicates()}, {@link #reordered()} packets that came after a later one but in
 * time, {@link #restarts()}.
 *
 * <p>Not thread-safe: one instance per stream, used from one thread.
 */
public final class RtpReorderBuffer {

    public static final int DEFAULT_WINDOW = 32;
    public static final int DEFAULT_MAX_JUMP = 3000;
    /** How far back released numbers are remembered to tell a duplicate from a late packet. */
    private static final int HISTORY = 1024;

    private final int window;
    private final int maxJump;
    private final RtpPacket[] slots;
    /** Bit per sequence number (mod HISTORY): released as received (1) or given up (0). */
    private final long[] received = new long[HISTORY / 64];
    /** The RTP timestamp of the packet released per sequence number (mod HISTORY), to tell a duplicate from a restart. */
    private final int[] releasedTimestamps = new int[HISTORY];

    private boolean started;
    /** Past the start-of-stream hold: packets are released as soon as they are in order. */
    private boolean settled;
    private int heldAtStart;
    private final int startHold;
    /** The slot of {@code next}; the slot of {@code next + d} is {@code (head + d) % window}. */
    private int head;
    private int next;
    private int highest;
    private int buffered;

    private long released;
    private long lost;
    private long late;
    private long duplicates;
    private long reordered;
    private long restarts;
    /** Packets in a row that came behind the numbers released, held in case they are a restarted sender's. */
    private final RtpPacket[] behind;
    private int behindRun;

    public RtpReorderBuffer() {
        this(DEFAULT_WINDOW);
    }

    /** @param window how many sequence numbers a missing packet may be waited for, 1–512 */
    public RtpReorderBuffer(int window) {
        this(window, DEFAULT_MAX_JUMP);
    }

    public RtpReorderBuffer(int window, int maxJump) {
        if (window < 1 || window > HISTORY / 2) {
            throw new IllegalArgumentException("window " + window);
        }
        if (maxJump <= window || maxJump > 32767) {
            throw new IllegalArgumentException("max jump " + maxJump);
        }
        this.window = window;
        this.maxJump = maxJump;
        this.slots = new RtpPacket[window];
        this.behind = new RtpPacket[window];
        this.startHold = window / 2;
        this.settled = startHold <= 1;
    }

    /** Takes one packet and passes to {@code out} every packet that is now in order. */
    public void offer(RtpPacket packet, Consumer<RtpPacket> out) {
        int seq = packet.sequenceNumber();
        if (!started) {
            started = true;
            next = seq;
            highest = seq;
        }
        int distance = (short) (seq - next);
        if (!settled && distance < 0 && (short) (highest - seq) < window) {
            // Nothing released yet: the window can still move back to take this earlier packet.
            head = Math.floorMod(head + distance, window);
            next = seq;
            distance = 0;
        }
        if (distance < -maxJump || distance > maxJump) {
            restarts++;
            flush(out);
            next = seq;
            highest = seq;
            distance = 0;
        }
        if (distance < 0) {
            if (distance > -HISTORY && wasReceived(seq) && releasedTimestamps[seq % HISTORY] == (int) packet.timestamp()) {
                // the very packet released already: no sender restarts by sending its old packets again
                duplicates++;
                clearBehind();
                return;
            }
            late++;
            if (behindRun > 0 && seq != ((behind[behindRun - 1].sequenceNumber() + 1) & 0xFFFF)) {
                // out of sequence with the run: stragglers of a lossy link, not a restarted sender
                clearBehind();
            }
            behind[behindRun++] = packet;
            if (behindRun == window) {
                restartWithBehind(out);
            }
            return;
        }
        clearBehind();
        while (distance >= window) {
            settled = true;
            if (buffered == 0) {
                // nothing held: the numbers the window moves past are all given up at once, not one by one
                // (a jump of up to maxJump would otherwise cost that many steps per packet)
                int skipped = distance - window + 1;
                giveUpEmpty(skipped);
                distance -= skipped;
                break;
            }
            giveUpOrRelease(out);
            distance--;
        }
        int slot = (head + distance) % window;
        if (slots[slot] != null) {
            duplicates++;
            return;
        }
        slots[slot] = packet;
        buffered++;
        if ((short) (seq - highest) > 0) {
            highest = seq;
        } else if (seq != highest) {
            reordered++;
        }
        if (!settled) {
            if (++heldAtStart < startHold) {
                return;
            }
            settled = true;
        }
        while (slots[head] != null) {
            giveUpOrRelease(out);
        }
    }

    /** Releases everything held, in order, counting the gaps between as lost. */
    public void flush(Consumer<RtpPacket> out) {
        settled = true;
        while (buffered > 0) {
            giveUpOrRelease(out);
        }
    }

    /**
     * The sender began a new RTP session (the receiver knows: a new dialog answered): what is held is
     * released, and the stream starts again from the next packet, whatever its number. Packets of the
     * run behind held so far are taken as the new session's first.
     */
    public void restart(Consumer<RtpPacket> out) {
        if (behindRun > 0) {
            restartWithBehind(out, behindRun);
            return;
        }
        restarts++;
        flush(out);
        java.util.Arrays.fill(received, 0L);
        started = false;
        settled = startHold <= 1;
        heldAtStart = 0;
        head = 0;
    }

    /** A whole window of packets behind: the sender restarted its numbers; they start the stream again. */
    private void restartWithBehind(Consumer<RtpPacket> out) {
        restartWithBehind(out, window);
    }

    private void restartWithBehind(Consumer<RtpPacket> out, int count) {
        RtpPacket[] run = java.util.Arrays.copyOf(behind, count);
        late -= run.length;
        clearBehind();
        restarts++;
        flush(out);
        java.util.Arrays.fill(received, 0L);
        started = false;
        settled = startHold <= 1;
        heldAtStart = 0;
        head = 0;
        for (RtpPacket p : run) {
            offer(p, out);
        }
    }

    private void clearBehind() {
        if (behindRun > 0) {
            java.util.Arrays.fill(behind, 0, behindRun, null);
            behindRun = 0;
        }
    }

    /** Releases the packet at {@code next} or, if it is missing, gives up on it. */
    private void giveUpOrRelease(Consumer<RtpPacket> out) {
        int slot = head;
        RtpPacket p = slots[slot];
        markReceived(next, p != null);
        next = (next + 1) & 0xFFFF;
        head = head + 1 == window ? 0 : head + 1;
        if (p == null) {
            lost++;
            return;
        }
        slots[slot] = null;
        releasedTimestamps[p.sequenceNumber() % HISTORY] = (int) p.timestamp();
        buffered--;
        released++;
        out.accept(p);
    }

    /** Gives up on the next {@code count} numbers, none of which is held: as many empty giveUpOrRelease calls. */
    private void giveUpEmpty(int count) {
        if (count >= HISTORY) {
            java.util.Arrays.fill(received, 0L);
        } else {
            for (int i = 0; i < count; i++) {
                markReceived((next + i) & 0xFFFF, false);
            }
        }
        lost += count;
        next = (next + count) & 0xFFFF;
        head = (int) ((head + (long) count) % window);
    }

    private void markReceived(int seq, boolean value) {
        int bit = seq % HISTORY;
        if (value) {
            received[bit >>> 6] |= 1L << bit;
        } else {
            received[bit >>> 6] &= ~(1L << bit);
        }
    }

    private boolean wasReceived(int seq) {
        int bit = seq % HISTORY;
        return (received[bit >>> 6] & (1L << bit)) != 0;
    }

    /** Packets held, waiting for an earlier one. */
    public int buffered() {
        return buffered;
    }

    /** The next sequence number to be released. */
    public int nextSequenceNumber() {
        return next;
    }

    public long released() {
        return released;
    }

    public long lost() {
        return lost;
    }

    public long late() {
        return late;
    }

    public long duplicates() {
        return duplicates;
    }

    public long reordered() {
        return reordered;
    }

    public long restarts() {
        return restarts;
    }
}
