package io.gbmesh.sipstack;

/** A request we sent got no final response in time (RFC 3261 Timer B / F). */
public final class SipTimeoutException extends Exception {
    public SipTimeoutException(String what) {
        super(what, null, false, false);
    }
}
