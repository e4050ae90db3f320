package io.gbmesh.sipstack;

import java.util.Locale;

/** Which transports an endpoint listens on (the same port for both). */
public enum ListenMode {
    BOTH, UDP, TCP;

    public boolean udp() {
        return this != TCP;
    }

    public boolean tcp() {
        return this != UDP;
    }

    public static ListenMode parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "udp" -> UDP;
            case "tcp" -> TCP;
            case "both", "", "udp+tcp", "tcp+udp" -> BOTH;
            default -> throw new IllegalArgumentException("listen mode must be both, udp or tcp: " + text);
        };
    }
}
