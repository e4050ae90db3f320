package io.gbmesh.protocol.sdp;

import java.util.Locale;
import java.util.Optional;

/**
 * {@code a=setup} for media over TCP (RFC 4145 §4): {@code active} connects, {@code passive} listens.
 * In a GB28181 INVITE, "TCP active" means the platform's media node connects to the port in the device's
 * answer, "TCP passive" that the device connects to the port in the offer.
 */
public enum Setup {
    ACTIVE, PASSIVE, ACTPASS, HOLDCONN;

    public static Optional<Setup> fromValue(String value) {
        for (Setup setup : values()) {
            if (setup.value().equalsIgnoreCase(value.strip())) {
                return Optional.of(setup);
            }
        }
        return Optional.empty();
    }

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the answerer takes for an offer of this setup; for {@code actpass} it chooses to connect. */
    public Setup answer() {
        return switch (this) {
            case ACTIVE -> PASSIVE;
            case PASSIVE, ACTPASS -> ACTIVE;
            case HOLDCONN -> HOLDCONN;
        };
    }
}
