package io.gbmesh.contracts;

/** Why a device went offline. */
public enum OfflineReason {
    /** The device sent REGISTER with Expires: 0. */
    UNREGISTERED,
    /** No keepalive for HeartBeatCount × HeartBeatInterval. */
    KEEPALIVE_TIMEOUT,
    /** The registration's Expires elapsed without a refresh. */
    REGISTRATION_EXPIRED
}
