package io.gbmesh.api.store;

/** The outcome of {@link DeviceStore#forget}. */
public enum ForgetResult {
    /** The device, its channels and its history were deleted. */
    FORGOTTEN,
    /** Nothing deleted: the device is online (it would reappear on its next event anyway). */
    ONLINE,
    /** No such device. */
    UNKNOWN
}
