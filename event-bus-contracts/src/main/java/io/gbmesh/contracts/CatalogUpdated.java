package io.gbmesh.contracts;

import java.util.List;

/** The channel list of a device changed: after a Catalog query, or a catalog notification ({@code changes}). */
public record CatalogUpdated(Catalog catalog, List<ChannelChange> changes, long at) implements MeshMessage {
    public CatalogUpdated {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
