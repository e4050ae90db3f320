package io.gbmesh.gateway;

import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.sipstack.SipStats;
import java.util.Locale;
import java.util.Set;

/**
 * Counters of the gateway's device logic, beside the endpoint's SIP counters. A name made from
 * what a device sent takes its part from a closed set, so that no device can grow the metrics.
 */
final class GatewayMetrics {
    /** The CmdTypes of GB/T 28181-2016 annex A (and 2022's additions) that get a counter of their own. */
    private static final Set<String> KNOWN_CMD_TYPES = Set.of("keepalive", "catalog", "deviceinfo", "devicestatus",
            "recordinfo", "alarm", "configdownload", "deviceconfig", "devicecontrol", "presetquery", "mediastatus",
            "mobileposition", "broadcast", "homepositionquery", "cruisetracklistquery", "cruisetrackquery",
            "ptzposition", "sdcardstatus", "uploadsnapshotfinished", "videouploadnotify", "guardinfo",
            "deviceupgraderesult", "ptzpositionquery", "sdcardstatusquery");

    private final SipStats stats;

    GatewayMetrics(SipStats stats) {
        this.stats = stats;
    }

    void count(String name) {
        stats.increment(name);
    }

    /** Counts {@code prefix.<cmdType>}, with a CmdType we do not know as {@code other}. */
    void countCmd(String prefix, String cmdType) {
        stats.increment(prefix + '.' + cmdLabel(cmdType));
    }

    void offline(OfflineReason reason) {
        stats.increment("device.offline." + reason);
    }

    /** Counts {@code n} events of one name at once (the endpoint's counters go up by one). */
    void count(String name, int n) {
        for (int i = 0; i < n; i++) {
            stats.increment(name);
        }
    }

    void invalidCatalogItems(int n) {
        count("catalog.item.rejected.bad-id", n);
    }

    static String cmdLabel(String cmdType) {
        String lower = cmdType == null ? "" : cmdType.toLowerCase(Locale.ROOT);
        return KNOWN_CMD_TYPES.contains(lower) ? lower : SipStats.OTHER;
    }

    SipStats stats() {
        return stats;
    }
}
