package io.gbmesh.api.store;

/** Which slice of a listing: {@code limit} rows from {@code offset}; the limit is kept within 1..{@value #MAX_LIMIT}. */
public record Page(int offset, int limit) {
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_LIMIT = 50;

    public Page {
        offset = Math.max(0, offset);
        limit = Math.max(1, Math.min(MAX_LIMIT, limit));
    }

    public static Page first(int limit) {
        return new Page(0, limit);
    }

    /** From optional query parameters: null means offset 0 / {@value #DEFAULT_LIMIT} rows. */
    public static Page of(Integer offset, Integer limit) {
        return new Page(offset == null ? 0 : offset, limit == null ? DEFAULT_LIMIT : limit);
    }
}
