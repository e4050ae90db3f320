package io.gbmesh.sipstack;

/** A request was not sent: the endpoint already holds as many client transactions as it may. */
public final class SipOverloadException extends Exception {
    public SipOverloadException(String what) {
        super(what, null, false, false);
    }
}
