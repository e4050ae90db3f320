package io.gbmesh.protocol.ptz;

/** A {@code PTZCmd} that is not the 8-byte form of GB/T 28181-2016 annex A.3; stackless, as every parse failure. */
public final class PtzParseException extends Exception {
    public PtzParseException(String reason) {
        super(reason, null, false, false);
    }
}
