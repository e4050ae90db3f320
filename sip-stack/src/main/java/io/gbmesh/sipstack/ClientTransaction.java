package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.vertx.core.Promise;
import java.util.function.Consumer;

/** A request we sent and await a final response to, with its retransmission state. */
final class ClientTransaction {
    final String key;
    final SipRequest request;
    final byte[] wire;
    final Peer peer;
    final Promise<SipResponse> promise;
    final Consumer<SipResponse> provisionalHandler;
    long retransmitTimer = -1;
    long timeoutTimer = -1;
    long interval;
    boolean provisionalSeen;

    ClientTransaction(String key, SipRequest request, byte[] wire, Peer peer, Promise<SipResponse> promise,
                      Consumer<SipResponse> provisionalHandler, long interval) {
        this.key = key;
        this.request = request;
        this.wire = wire;
        this.peer = peer;
        this.promise = promise;
        this.provisionalHandler = provisionalHandler;
        this.interval = interval;
    }

    /**
     * Whether a response from {@code source} may answer this transaction: the same transport and
     * port, and the same host (compared as addresses when both are IP literals; a request sent to a
     * host name is checked by transport and port, as the name is not resolved here).
     */
    boolean answeredFrom(Peer source) {
        if (source.transport() != peer.transport() || source.port() != peer.port()) {
            return false;
        }
        if (source.host().equals(peer.host())) {
            return true;
        }
        byte[] expected = IpLiterals.parse(peer.host());
        return expected == null || java.util.Arrays.equals(expected, IpLiterals.parse(source.host()));
    }

    boolean isInvite() {
        return request.method().equals("INVITE");
    }
}
