package io.gbmesh.contracts;

/**
 * Why a {@link DeviceControlRequest} failed, as the failure code of the event-bus reply; each code
 * is the HTTP status the API answers with, and equal to the {@link QueryFailure} code of the same cause.
 */
public enum ControlFailure {
    /** The request itself is wrong (an unknown motion, a preset out of 1..255). */
    BAD_REQUEST(400),
    /** The device has too many commands waiting for an answer. */
    TOO_MANY_PENDING(429),
    /** The device does not support the command: it said so ({@code 501}/{@code 405}), in its own words. */
    NOT_SUPPORTED(501),
    /** The device refused the command, or answered {@code Result ERROR}. */
    DEVICE_ERROR(502),
    /** The device is not registered (anywhere in the cluster). */
    DEVICE_OFFLINE(503),
    /** The device did not answer in time. */
    DEVICE_TIMEOUT(504);

    private final int code;

    ControlFailure(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    /** The failure of a reply code; an unknown code is a device error. */
    public static ControlFailure of(int code) {
        for (ControlFailure f : values()) {
            if (f.code == code) {
                return f;
            }
        }
        return DEVICE_ERROR;
    }
}
