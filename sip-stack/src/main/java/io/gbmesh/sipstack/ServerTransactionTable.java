package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.Via;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Server transactions by key (RFC 3261 §17.2.3): the same request again finds its transaction,
 * so it is handled once and a retransmission gets the same response. Completed transactions are
 * kept for a fixed time (Timer J) and expire in arrival order, so expiry is a queue, not a scan.
 * Used on one event loop only.
 */
final class ServerTransactionTable {
    private final Map<String, ServerTransaction> byKey = new HashMap<>();
    private final ArrayDeque<ServerTransaction> completed = new ArrayDeque<>();
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

    ServerTransaction find(String key) {
        return byKey.get(key);
    }

    void add(ServerTransaction tx) {
        byKey.put(tx.key, tx);
    }

    /** The transaction has its final response: keep it until it expires (never for reliable transports). */
    void completed(ServerTransaction tx, long now, boolean reliable) {
        if (reliable) {
            byKey.remove(tx.key, tx);
            return;
        }
        if (tx.completedAt == 0) {
            tx.completedAt = now;
            completed.addLast(tx);
        }
    }

    void expire(long now) {
        while (!completed.isEmpty() && completed.peekFirst().completedAt + retentionMillis <= now) {
            ServerTransaction tx = completed.pollFirst();
            byKey.remove(tx.key, tx);
        }
    }

    /** Forgets a transaction that never got a final response (its handler failed or gave up). */
    void abandon(ServerTransaction tx) {
        byKey.remove(tx.key, tx);
    }

    int size() {
        return byKey.size();
    }
}
