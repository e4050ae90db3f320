package io.gbmesh.contracts;

import java.util.List;

/**
 * The channels of a device. {@code complete} is false when the device announced more items
 * ({@code declaredSum}) than arrived before the assembly timed out: what came is kept.
 */
public record Catalog(String deviceId, List<Channel> channels, int declaredSum, boolean complete) implements MeshMessage {
    public Catalog {
        channels = channels == null ? List.of() : List.copyOf(channels);
    }
}
