package io.gbmesh.gateway;

import io.gbmesh.protocol.sip.SipRequest;

/** Decides on the credentials of a REGISTER from {@code source} (an IP address), given what the device must prove. */
interface RegisterAuthenticator {
    AuthDecision check(SipRequest register, String source, DeviceSecret secret, long nowMillis);
}
