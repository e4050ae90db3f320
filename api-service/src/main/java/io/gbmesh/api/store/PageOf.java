package io.gbmesh.api.store;

import java.util.List;

/** One page of a listing, with the total number of rows the listing has. */
public record PageOf<T>(List<T> items, long total, int offset, int limit) {
    public PageOf {
        items = List.copyOf(items);
    }
}
