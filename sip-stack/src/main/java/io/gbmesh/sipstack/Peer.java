package io.gbmesh.sipstack;

/** The other end of a SIP hop: transport and socket address (for TCP, the connection's remote end). */
public record Peer(SipTransport transport, String host, int port) {
    public String key() {
        return host + ":" + port;
    }

    @Override
    public String toString() {
        return transport + " " + host + ":" + port;
    }
}
