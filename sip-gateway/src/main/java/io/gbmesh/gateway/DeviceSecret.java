package io.gbmesh.gateway;

import io.gbmesh.protocol.auth.DigestCalculator;

/**
 * What a device must prove it knows: a password given to this node in plain (from its own
 * environment), or the HA1 the cluster holds ({@code MD5(deviceId:realm:password)}, RFC 2617
 * §3.2.2.2), which is all digest verification needs. {@link #NONE}: no authentication.
 */
record DeviceSecret(String password, String ha1) {
    static final DeviceSecret NONE = new DeviceSecret(null, null);

    static DeviceSecret plain(String password) {
        return password == null || password.isEmpty() ? NONE : new DeviceSecret(password, null);
    }

    static DeviceSecret ofHa1(String ha1) {
        return new DeviceSecret(null, ha1);
    }

    /** True when nothing is to be proved. */
    boolean isEmpty() {
        return password == null && ha1 == null;
    }

    /**
     * The HA1 a response from {@code username} must be computed with. A stored HA1 is bound to the
     * device ID it was made for, so a device answering under another username simply fails.
     */
    String ha1For(String username, String realm) {
        return ha1 != null ? ha1 : DigestCalculator.ha1(username, realm, password);
    }

    /** Whether {@code text} has the form of an HA1: 32 hex digits. */
    static boolean isHa1(String text) {
        if (text == null || text.length() != 32) {
            return false;
        }
        for (int i = 0; i < 32; i++) {
            char c = text.charAt(i);
            if (Character.digit(c, 16) < 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return isEmpty() ? "DeviceSecret[none]" : "DeviceSecret[hidden]";
    }
}
