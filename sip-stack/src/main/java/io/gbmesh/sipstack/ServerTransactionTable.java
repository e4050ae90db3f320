package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.Via;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Server transactions by key (RFC 3261 §17.2.3): the same request again finds its transaction,
 * so it is handled once and a retransmission gets the same response. A transaction that has its
 * final response over UDP is kept, for Timer J, as just its key and the response bytes (a few
 * hundred bytes, not the whole request) and expires in arrival order, so expiry is a queue, not a
 * scan. An active transaction has a hard deadline too (a handler that never answers must not keep
 * it). The two kinds have separate caps: beyond {@code activeCapacity} transactions in progress a
 * new request is refused; beyond {@code completedCapacity} completed ones the oldest is forgotten
 * (its retransmission is then handled as a new request). Evicting completed ones to admit new ones
 * would let a flood of new requests turn every retransmission of the real devices into new work.
 * Used on one event loop only.
 */
final class ServerTransactionTable {
    /** What remains of a completed transaction: the bytes to send again, and where. */
    record Completed(String key, int statusCode, byte[] wire, String host, int port, long completedAt) {
    }

    /** Active transactions in arrival order, so the oldest (the first to pass its deadline) is first. */
    private final LinkedHashMap<String, ServerTransaction> active = new LinkedHashMap<>();
    private final Map<String, Completed> completed = new HashMap<>();
    private final ArrayDeque<Completed> order = new ArrayDeque<>();
    private final long retentionMillis;
    private final long deadlineMillis;
    private final int activeCapacity;
    private final int completedCapacity;
    private final Runnable evicted;

    ServerTransactionTable(long retentionMillis, long deadlineMillis, int activeCapacity, int completedCapacity, Runnable evicted) {
        this.retentionMillis = retentionMillis;
        this.deadlineMillis = deadlineMillis;
        this.activeCapacity = activeCapacity;
        this.completedCapacity = completedCapacity;
        this.evicted = evicted;
    }

    static String key(SipRequest request) {
        Via top = request.topVia();
        String method = request.method().equals("ACK") ? "INVITE" : request.method();
        String branch = top.branch().orElse("");
        if (branch.startsWith("z9hG4bK")) {
            return branch + '|' + method + '|' + top.host() + ':' + top.port();
        }
        // RFC 2543 peers: no magic cookie, match on the dialog identifiers (RFC 3261 §17.2.3)
        return "2543|" + request.callId() + '|' + request.cseq().sequence() + '|' + method + '|'
                + request.from().tag().orElse("") + '|' + branch;
    }

    ServerTransaction findActive(String key) {
        return active.get(key);
    }

    Completed findCompleted(String key) {
        return completed.get(key);
    }

    /** Admits a new transaction; false (and nothing added) when as many as the cap are in progress. */
    boolean add(ServerTransaction tx) {
        if (active.size() >= activeCapacity) {
            return false;
        }
        active.put(tx.key, tx);
        return true;
    }

    /** The transaction has its final response: over UDP keep its bytes for retransmissions; over TCP forget it. */
    void completed(ServerTransaction tx, int statusCode, byte[] wire, String host, int port, long now, boolean reliable) {
        // only an admitted transaction is retained: a stateless answer (a parse error, an overload
        // refusal) would otherwise grow the table past its capacity
        if (!active.remove(tx.key, tx) || reliable || completed.containsKey(tx.key)) {
            return;
        }
        while (completed.size() >= completedCapacity && !order.isEmpty()) {
            Completed oldest = order.pollFirst();
            if (completed.remove(oldest.key(), oldest)) {
                evicted.run();
            }
        }
        Completed c = new Completed(tx.key, statusCode, wire, host, port, now);
        completed.put(tx.key, c);
        order.addLast(c);
    }

    /** Forgets completed transactions past retention; returns the active ones past their deadline, removed. */
    List<ServerTransaction> expire(long now) {
        while (!order.isEmpty() && order.peekFirst().completedAt() + retentionMillis <= now) {
            Completed c = order.pollFirst();
            completed.remove(c.key(), c);
        }
        List<ServerTransaction> overdue = new ArrayList<>();
        Iterator<ServerTransaction> it = active.values().iterator();
        while (it.hasNext()) {
            ServerTransaction tx = it.next();
            if (tx.createdAt + deadlineMillis > now) {
                break;
            }
            it.remove();
            overdue.add(tx);
        }
        return overdue;
    }

    int size() {
        return active.size() + completed.size();
    }

    int activeCount() {
        return active.size();
    }
}
