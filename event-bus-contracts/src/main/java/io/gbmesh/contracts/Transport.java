package io.gbmesh.contracts;

/** The SIP transport a device uses. */
public enum Transport {
    UDP, TCP
}
