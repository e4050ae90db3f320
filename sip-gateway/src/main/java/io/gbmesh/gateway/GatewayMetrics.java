package io.gbmesh.gateway;

import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.sipstack.SipStats;

/** Counters of the gateway's device logic, beside the endpoint's SIP counters. */
final class GatewayMetrics {
    private final SipStats stats;

    GatewayMetrics(SipStats stats) {
        this.stats = stats;
    }

    void count(String name) {
        stats.increment(name);
    }

    void offline(OfflineReason reason) {
        stats.increment("device.offline." + reason);
    }

    SipStats stats() {
        return stats;
    }
}
