package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.Via;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Server transactions by key (RFC 3261 §17.2.3): the same request again finds its transaction,
 * so it is handled once and a retransmission gets the same response. A transaction that has its
 * final response over UDP is kept, for Timer J, as just its key and the response bytes (a few
 * hundred bytes, not the whole request) and expires in arrival order, so expiry is a queue, not a
 * scan. Used on one event loop only.
 */
final class ServerTransactionTable {
    /** What remains of a completed transaction: the bytes to send again, and where. */
    record Completed(String key, int statusCode, byte[] wire, String host, int port, long completedAt) {
    }

    private final Map<String, ServerTransaction> active = new HashMap<>();
    private final Map<String, Completed> completed = new HashMap<>();
    private final ArrayDeque<Completed> order = new ArrayDeque<>();
    private final long retentionMillis;

    ServerTransactionTable(long retentionMillis) {
        this.retentionMillis = retentionMillis;
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

    void add(ServerTransaction tx) {
        active.put(tx.key, tx);
    }

    /** The transaction has its final response: over UDP keep its bytes for retransmissions; over TCP forget it. */
    void completed(ServerTransaction tx, int statusCode, byte[] wire, String host, int port, long now, boolean reliable) {
        active.remove(tx.key, tx);
        if (reliable || completed.containsKey(tx.key)) {
            return;
        }
        Completed c = new Completed(tx.key, statusCode, wire, host, port, now);
        completed.put(tx.key, c);
        order.addLast(c);
    }

    void expire(long now) {
        while (!order.isEmpty() && order.peekFirst().completedAt() + retentionMillis <= now) {
            Completed c = order.pollFirst();
            completed.remove(c.key(), c);
        }
    }

    /** Forgets a transaction that never got a final response (its handler failed or gave up). */
    void abandon(ServerTransaction tx) {
        active.remove(tx.key, tx);
    }

    int size() {
        return active.size() + completed.size();
    }
}
