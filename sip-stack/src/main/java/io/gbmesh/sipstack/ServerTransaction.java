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
    private volatile boolean finalGiven;
    SipResponse lastResponse;
    byte[] lastWire;

    private final Object prepared;

    ServerTransaction(SipEndpoint endpoint, SipRequest request, Peer source, String key) {
        this(endpoint, request, source, key, null);
    }

    ServerTransaction(SipEndpoint endpoint, SipRequest request, Peer source, String key, Object prepared) {
        this.endpoint = endpoint;
        this.prepared = prepared;
        this.request = request;
        this.source = source;
        this.key = key;
        this.createdAt = System.currentTimeMillis();
    }

    public SipRequest request() {
        return request;
    }

    /** What the endpoint's preparer made of the request where it was parsed ({@link SipEndpoint#prepareRequests}), or null. */
    public Object prepared() {
        return prepared;
    }

    /** Where the request came from (the real socket address, not what its Via claims). */
    public Peer source() {
        return source;
    }

    public SipEndpoint endpoint() {
        return endpoint;
    }

    /** Whether a final response was given (it may still be on its way to the endpoint's event loop). */
    public boolean answered() {
        return finalGiven;
    }

    public void respond(SipResponse response) {
        if (response.statusCode() >= 200) {
            finalGiven = true;
        }
        endpoint.sendResponse(this, response);
    }
}
