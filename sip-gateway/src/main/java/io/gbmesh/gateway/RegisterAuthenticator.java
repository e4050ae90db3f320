package io.gbmesh.gateway;

import io.gbmesh.protocol.sip.SipRequest;

/** Decides on the credentials of a REGISTER, given the password the device must prove. */
interface RegisterAuthenticator {
    AuthDecision check(SipRequest register, String password, long nowMillis);
}
