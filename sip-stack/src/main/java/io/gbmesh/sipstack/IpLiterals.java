package io.gbmesh.sipstack;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** IP address literals to bytes without a name lookup, so that different spellings of one address compare equal. */
final class IpLiterals {
    private IpLiterals() {
    }

    /** The address bytes of an IPv4 or IPv6 literal; null for anything else (a host name). */
    static byte[] parse(String host) {
        if (host == null || host.isEmpty()) {
            return null;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.indexOf(':') < 0) {
            return ipv4(h);
        }
        try {
            // with a colon it can only be an IPv6 literal, which is parsed, never looked up
            return InetAddress.getByName(h).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Four dot-separated decimal parts of one to three digits, each at most 255; read without allocating but the result. */
    private static byte[] ipv4(String h) {
        byte[] out = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0, n = h.length(); i <= n; i++) {
            char c = i < n ? h.charAt(i) : '.';
            if (c == '.') {
                if (digits == 0 || value > 255 || part == 4) {
                    return null;
                }
                out[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9' && digits < 3) {
                value = value * 10 + (c - '0');
                digits++;
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }
}
