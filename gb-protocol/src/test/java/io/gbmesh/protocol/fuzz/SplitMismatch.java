package io.gbmesh.protocol.fuzz;

/** A stream codec gave different output for the same bytes cut into other chunks: a bug, never a rejection. */
public final class SplitMismatch extends AssertionError {

    public SplitMismatch(String what) {
        super(what);
    }
}
