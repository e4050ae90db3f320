package io.gbmesh.gateway;

import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.sipstack.SipStats;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Counters of the gateway's device logic, beside the endpoint's SIP counters. A counter whose last
 * part names a MANSCDP CmdType comes from a device's body: outside the CmdTypes of GB/T 28181 it is
 * counted as {@code other}, so that a device cannot add metric series by inventing CmdTypes.
 */
final class GatewayMetrics {
    private static final List<String> CMD_TYPE_COUNTERS = List.of("message.response.", "message.notify.", "query.timeout.");
    private static final Set<String> CMD_TYPES = Set.of("keepalive", "catalog", "deviceinfo", "devicestatus", "recordinfo",
            "alarm", "mobileposition", "configdownload", "presetquery", "devicecontrol", "deviceconfig", "mediastatus",
            "broadcast", "homepositionquery", "cruisetracklistquery", "cruisetrackquery", "ptzpositionquery",
            "sdcardstatusquery", "uploadsnapshotfinished", "videouploadnotify");

    private final SipStats stats;

    GatewayMetrics(SipStats stats) {
        this.stats = stats;
    }

    void count(String name) {
        stats.increment(bounded(name));
    }

    static String bounded(String name) {
        for (String prefix : CMD_TYPE_COUNTERS) {
            if (name.startsWith(prefix)) {
                String cmd = name.substring(prefix.length());
                return CMD_TYPES.contains(cmd.toLowerCase(Locale.ROOT)) ? name : prefix + SipStats.OTHER;
            }
        }
        return name;
    }

    void offline(OfflineReason reason) {
        stats.increment("device.offline." + reason);
    }

    SipStats stats() {
        return stats;
    }
}
