package io.gbmesh.protocol.sdp;

/** A {@code c=} line (RFC 4566 §5.7): where media is sent to or received from. */
public record Connection(String netType, String addrType, String address) {

    /** {@code IN IP4 address}, or {@code IN IP6} for an IPv6 literal. */
    public static Connection of(String address) {
        return new Connection("IN", addressType(address), address);
    }

    static String addressType(String address) {
        return address.indexOf(':') >= 0 ? "IP6" : "IP4";
    }

    String encode() {
        return netType + " " + addrType + " " + address;
    }
}
