package io.gbmesh.protocol.sdp;

import java.util.Locale;
import java.util.Optional;

/** Media direction attributes (RFC 4566 §6): the platform offers {@code recvonly}, devices answer {@code sendonly}. */
public enum Direction {
    SENDRECV, SENDONLY, RECVONLY, INACTIVE;

    public static Optional<Direction> fromAttributeName(String name) {
        for (Direction direction : values()) {
            if (direction.attributeName().equalsIgnoreCase(name)) {
                return Optional.of(direction);
            }
        }
        return Optional.empty();
    }

    public String attributeName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
