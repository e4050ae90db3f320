package io.gbmesh.gateway;

import io.gbmesh.protocol.auth.AuthParseException;
import io.gbmesh.protocol.auth.DigestCredentials;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipRequest;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What handling a REGISTER reads from it, parsed by {@link #of} where the REGISTER was parsed: for UDP
 * on the SIP sockets' loops ({@code SipEndpoint#prepareRequests}), so that the one loop that handles
 * every request of the gateway spends its time on the registry, not on reading header values.
 *
 * @param authorization    the Authorization header's value, null when there is none
 * @param credentials      its digest credentials, null when absent or malformed
 * @param contact          the Contact's URI as text ({@code *} for a wildcard), null when absent or malformed
 * @param expires          the Expires header, else the Contact's {@code expires} parameter, else -1
 * @param expiresError     why neither could be read as a number of seconds, null when they could
 */
record RegisterParts(String authorization, DigestCredentials credentials, String contact, int expires, String expiresError) {

    /** Whether the request carried an Authorization header that is not readable digest credentials. */
    boolean badAuthorization() {
        return authorization != null && credentials == null;
    }

    static RegisterParts of(SipRequest register) {
        String authorization = register.first(SipHeaderNames.AUTHORIZATION).orElse(null);
        DigestCredentials credentials = null;
        if (authorization != null) {
            try {
                credentials = DigestCredentials.parse(authorization);
            } catch (AuthParseException e) {
                credentials = null;
            }
        }
        Optional<NameAddress> contact;
        String contactError = null;
        try {
            contact = register.contact();
        } catch (SipParseException e) {
            contact = Optional.empty();
            contactError = e.reason();
        }
        String contactText = contact.map(c -> c.uri() == null ? "*" : c.uri().toString()).orElse(null);
        int expires = -1;
        String expiresError = null;
        try {
            OptionalInt header = register.expires();
            if (header.isPresent()) {
                expires = header.getAsInt();
            } else if (contactError != null) {
                expiresError = contactError;
            } else if (contact.isPresent()) {
                Optional<String> e = contact.get().parameters().get("expires");
                if (e.isPresent()) {
                    try {
                        expires = Math.max(0, Integer.parseInt(e.get().trim()));
                    } catch (NumberFormatException ex) {
                        expiresError = "bad Contact expires";
                    }
                }
            }
        } catch (SipParseException e) {
            expiresError = e.reason();
        }
        return new RegisterParts(authorization, credentials, contactText, expires, expiresError);
    }
}
