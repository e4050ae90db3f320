package io.gbmesh.protocol.auth;

/** What {@link NonceAuthority#check} found a nonce to be. */
public enum NonceStatus {
    /** Issued by a node holding our secret, and within its lifetime. */
    VALID,
    /** Issued by a node holding our secret, but older than its lifetime. */
    STALE,
    /** Not ours: wrong length or encoding, a MAC that does not verify, or an issue time in the future. */
    FORGED
}
