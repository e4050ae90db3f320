package io.gbmesh.contracts;

/** Failure codes of event-bus replies, chosen to map one-to-one onto HTTP statuses. */
public final class QueryFailure {
    public static final int BAD_REQUEST = 400;
    public static final int UNKNOWN_DEVICE = 404;
    public static final int DEVICE_OFFLINE = 503;
    public static final int DEVICE_TIMEOUT = 504;
    public static final int DEVICE_ERROR = 502;
    public static final int TOO_MANY_PENDING = 429;
    /** The device said it does not support the request ({@link ControlFailure#NOT_SUPPORTED}). */
    public static final int NOT_SUPPORTED = 501;

    private QueryFailure() {
    }
}
