package io.gbmesh.sipstack;

import io.gbmesh.protocol.sip.SipLimits;

/**
 * Where and how an endpoint listens: host and port (0 picks a free one), which transports, the
 * address written in our own Via and Contact, message limits, timers and the endpoint's bounds.
 */
public record SipEndpointOptions(String host, int port, ListenMode mode, String advertisedHost,
                                 SipLimits limits, SipTimers timers, String userAgent, EndpointLimits bounds) {
    public SipEndpointOptions(String host, int port, ListenMode mode, String advertisedHost, SipLimits limits,
                              SipTimers timers, String userAgent) {
        this(host, port, mode, advertisedHost, limits, timers, userAgent, EndpointLimits.DEFAULT);
    }

    public static SipEndpointOptions of(String host, int port) {
        return new SipEndpointOptions(host, port, ListenMode.BOTH, host, SipLimits.DEFAULT, SipTimers.RFC3261, "gbmesh");
    }

    public SipEndpointOptions withMode(ListenMode m) {
        return new SipEndpointOptions(host, port, m, advertisedHost, limits, timers, userAgent, bounds);
    }

    public SipEndpointOptions withAdvertisedHost(String h) {
        return new SipEndpointOptions(host, port, mode, h, limits, timers, userAgent, bounds);
    }

    public SipEndpointOptions withTimers(SipTimers t) {
        return new SipEndpointOptions(host, port, mode, advertisedHost, limits, t, userAgent, bounds);
    }

    public SipEndpointOptions withUserAgent(String ua) {
        return new SipEndpointOptions(host, port, mode, advertisedHost, limits, timers, ua, bounds);
    }

    public SipEndpointOptions withBounds(EndpointLimits b) {
        return new SipEndpointOptions(host, port, mode, advertisedHost, limits, timers, userAgent, b);
    }
}
