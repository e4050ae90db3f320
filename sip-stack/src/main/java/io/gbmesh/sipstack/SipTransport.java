package io.gbmesh.sipstack;

import java.util.Locale;

/** SIP transports we speak. */
public enum SipTransport {
    UDP, TCP;

    public static SipTransport of(String viaTransport) {
        return viaTransport != null && viaTransport.toUpperCase(Locale.ROOT).equals("TCP") ? TCP : UDP;
    }
}
