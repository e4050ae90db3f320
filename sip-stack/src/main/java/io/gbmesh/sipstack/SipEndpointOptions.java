package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipLimits;

/**
 * Where and how an endpoint listens: host and port (0 picks a free one), which transports, the
 * address written in our own Via and Contact, limits and timers.
 */
public record SipEndpointOptions(String host, int port, ListenMode mode, String advertisedHost,
                                 SipLimits limits, SipTimers timers, String userAgent) {
    public static SipEndpointOptions of(String host, int port) {
        return new SipEndpointOptions(host, port, ListenMode.BOTH, host, SipLimits.DEFAULT, SipTimers.RFC3261, "gbmesh");
    }

    public SipEndpointOptions withMode(ListenMode m) {
        return new SipEndpointOptions(host, port, m, advertisedHost, limits, timers, userAgent);
    }

    public SipEndpointOptions withAdvertisedHost(String h) {
        return new SipEndpointOptions(host, port, mode, h, limits, timers, userAgent);
    }

    public SipEndpointOptions withTimers(SipTimers t) {
        return new SipEndpointOptions(host, port, mode, advertisedHost, limits, t, userAgent);
    }

    public SipEndpointOptions withUserAgent(String ua) {
        return new SipEndpointOptions(host, port, mode, advertisedHost, limits, timers, ua);
    }
}
