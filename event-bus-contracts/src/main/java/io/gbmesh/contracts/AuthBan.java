package io.gbmesh.contracts;

/**
 * A source address or a device ID that failed digest authentication too often and is refused
 * (403, no challenge) until {@code untilMillis}. Kept by the gateway node that counted the failures,
 * and written to the cluster map {@link Addresses#AUTH_BANS_MAP} (key {@link #key()}, JSON, with a
 * time to live) so that the API lists every node's bans.
 *
 * @param kind     {@link #SOURCE} (an IP address) or {@link #DEVICE} (a 20-digit device ID)
 * @param failures failed digests counted within the window when the ban began
 */
public record AuthBan(String kind, String value, String gatewayNode, int failures, long bannedAtMillis, long untilMillis)
        implements MeshMessage {
    public static final String SOURCE = "source";
    public static final String DEVICE = "device";

    /** The cluster map key: {@code kind/value}. */
    public String key() {
        return key(kind, value);
    }

    public static String key(String kind, String value) {
        return kind + "/" + value;
    }
}
