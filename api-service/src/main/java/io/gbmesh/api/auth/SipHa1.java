package io.gbmesh.api.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * HA1 = MD5(deviceId ":" realm ":" password) (RFC 2617 §3.2.2.2), the form in which a device's own
 * SIP password is stored and handed to the gateways: enough to verify a digest, not the password.
 * The realm is the SIP domain ({@code GB_SIP_DOMAIN}), so changing the domain means setting the
 * devices' own passwords again.
 */
public final class SipHa1 {
    private SipHa1() {
    }

    public static String of(String deviceId, String realm, String password) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5")
                    .digest((deviceId + ':' + realm + ':' + password).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    }
}
