package io.gbmesh.protocol.sdp;

/** The {@code o=} line (RFC 4566 §5.2). GB28181 puts the sender's device or channel ID in {@code username}. */
public record Origin(String username, String sessId, String sessVersion, String netType, String addrType, String address) {

    String encode() {
        return String.join(" ", username, sessId, sessVersion, netType, addrType, address);
    }
}
