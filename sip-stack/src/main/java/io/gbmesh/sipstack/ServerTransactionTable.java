package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.Via;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * Server transactions by key (RFC 3261 §17.2.3): the same request again finds its transaction,
 * so it is handled once and a retransmission gets the same response. A transaction that has its
 * final response over UDP is kept, for Timer J, as just its key, the response bytes and where they
 * went ({@link CompletedResponses}: no object per transaction) and expires in arrival order, so
 * expiry is a queue, not a scan. An active transaction has a hard deadline too (a handler that never answers must not keep
 * it). The two kinds have separate caps: beyond {@code activeCapacity} transactions in progress a
 * new request is refused; beyond {@code completedCapacity} completed ones the oldest is forgotten
 * (its retransmission is then handled as a new request). Evicting completed ones to admit new ones
 * would let a flood of new requests turn every retransmission of the real devices into new work.
 * Used on one event loop only.
 */
final class ServerTransactionTable {
    /** Active transactions in arrival order, so the oldest (the first to pass its deadline) is first. */
    private final LinkedHashMap<String, ServerTransaction> active = new LinkedHashMap<>();
    private final CompletedResponses completed;
    private final long deadlineMillis;
    private final int activeCapacity;

    ServerTransactionTable(long retentionMillis, long deadlineMillis, int activeCapacity, int completedCapacity, Runnable evicted,
                           Runnable notKept) {
        this.deadlineMillis = deadlineMillis;
        this.activeCapacity = activeCapacity;
        this.completed = new CompletedResponses(completedCapacity, retentionMillis, evicted, notKept);
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

    CompletedResponses.Completed findCompleted(String key) {
        return completed.find(key);
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
        if (!active.remove(tx.key, tx) || reliable) {
            return;
        }
        completed.add(tx.key, statusCode, wire, host, port, now);
    }

    /** Forgets completed transactions past retention; returns the active ones past their deadline, removed. */
    List<ServerTransaction> expire(long now) {
        completed.expire(now);
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
