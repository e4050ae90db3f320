package io.gbmesh.contracts;

/** Why a device went offline. */
public enum OfflineReason {
    /** The device sent REGISTER with Expires: 0. */
    UNREGISTERED,
    /** No keepalive for HeartBeatCount × HeartBeatInterval. */
    KEEPALIVE_TIMEOUT,
    /** The registration's Expires elapsed without a refresh. */
    REGISTRATION_EXPIRED,
    /**
     * The cluster registry no longer holds its registration though the record says online: the whole
     * mesh restarted, or its gateway went away without a word.
     */
    NOT_IN_REGISTRY
}
