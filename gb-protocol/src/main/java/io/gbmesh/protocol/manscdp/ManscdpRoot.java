package io.gbmesh.protocol.manscdp;

import java.util.Optional;

/** The root element of a MANSCDP body (GB/T 28181-2016 annex A): what kind of message it is. */
public enum ManscdpRoot {
    Query, Response, Notify, Control;

    /** The root for an element name, ignoring case since devices vary it. */
    public static Optional<ManscdpRoot> fromElementName(String name) {
        for (ManscdpRoot root : values()) {
            if (root.name().equalsIgnoreCase(name)) {
                return Optional.of(root);
            }
        }
        return Optional.empty();
    }
}
