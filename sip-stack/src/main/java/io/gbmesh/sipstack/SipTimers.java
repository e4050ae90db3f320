package io.gbmesh.sipstack;

/**
 * RFC 3261 §17 timers, in milliseconds: T1 (RTT estimate), T2 (cap of non-INVITE retransmission),
 * T4 (how long a completed transaction absorbs retransmissions), and the transaction timeout
 * (Timers B and F, 64·T1 by default).
 */
public record SipTimers(long t1, long t2, long t4, long timeout) {
    public static final SipTimers RFC3261 = new SipTimers(500, 4000, 5000, 32_000);

    public SipTimers withTimeout(long millis) {
        return new SipTimers(t1, t2, t4, millis);
    }
}
