package io.gbmesh.api.streams;

/** A stream that could not be started or stopped, with the HTTP status that says why. */
public final class StreamFailure extends RuntimeException {
    private final int status;

    public StreamFailure(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
