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

    private static byte[] ipv4(String h) {
        String[] parts = h.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return null;
            }
            int v = Integer.parseInt(p);
            if (v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }
}
