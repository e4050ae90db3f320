package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;

/**
 * One incoming request and the means to answer it. Answering twice sends the later response too
 * (a provisional then a final one); the last final response is what retransmissions get.
 */
public final class ServerTransaction {
    private final SipEndpoint endpoint;
    private final SipRequest request;
    private final Peer source;
    final String key;
    final long createdAt;
    /** Passed its deadline and answered for the handler: a later answer of the handler is dropped. */
    boolean expired;
    SipResponse lastResponse;
    byte[] lastWire;

    ServerTransaction(SipEndpoint endpoint, SipRequest request, Peer source, String key) {
        this.endpoint = endpoint;
        this.request = request;
        this.source = source;
        this.key = key;
        this.createdAt = System.currentTimeMillis();
    }

    public SipRequest request() {
        return request;
    }

    /** Where the request came from (the real socket address, not what its Via claims). */
    public Peer source() {
        return source;
    }

    public SipEndpoint endpoint() {
        return endpoint;
    }

    public boolean answered() {
        return lastResponse != null && lastResponse.statusCode() >= 200;
    }

    public void respond(SipResponse response) {
        endpoint.sendResponse(this, response);
    }
}
