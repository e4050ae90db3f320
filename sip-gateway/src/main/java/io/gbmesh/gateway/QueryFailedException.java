package io.gbmesh.gateway;

/** A device query that failed, with the {@link io.gbmesh.contracts.QueryFailure} code to reply with. */
final class QueryFailedException extends RuntimeException {
    private final int code;

    QueryFailedException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    int code() {
        return code;
    }
}
