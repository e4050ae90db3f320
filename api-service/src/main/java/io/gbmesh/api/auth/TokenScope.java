package io.gbmesh.api.auth;

import java.util.Locale;

/** What a token may do. */
public enum TokenScope {
    /** Everything: reads, changes, device queries, token management. */
    ADMIN,
    /** Reads only ({@code GET}): dashboards, monitoring, MQTT subscribers. */
    READ;

    /** The name stored and shown: {@code admin}, {@code read}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The scope named {@code name}, or null when there is none by that name. */
    public static TokenScope fromWireName(String name) {
        for (TokenScope s : values()) {
            if (s.wireName().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
