package io.gbmesh.gateway;

import io.gbmesh.protocol.sip.SipRequest;

/**
 * Decides on the credentials of a REGISTER from {@code source} (an IP address), given what the device must prove;
 * {@code fromBoundAddress} when it comes from the address (or connection) the device is registered at.
 */
interface RegisterAuthenticator {
    /** {@code parts}: the REGISTER's Authorization as read ({@link RegisterParts#of}). */
    AuthDecision check(SipRequest register, RegisterParts parts, String source, boolean fromBoundAddress, DeviceSecret secret,
                       long nowMillis);
}
