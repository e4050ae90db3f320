package io.gbmesh.contracts;

/** How a device sends RTP to a media node (reference 7.4 point 20). */
public enum MediaTransport {
    /** The media node listens on UDP; the device sends. */
    UDP,
    /** The media node listens on TCP; the device connects and sends (a=setup:active on the device side). */
    TCP_PASSIVE,
    /** The device listens; the media node connects from a bound port to the address in the device's answer. */
    TCP_ACTIVE
}
