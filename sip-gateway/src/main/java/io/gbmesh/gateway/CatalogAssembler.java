package io.gbmesh.gateway;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.Channel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a device's Catalog answer from its pages (several MESSAGEs with the same SN, reference
 * 4.5/6.4): done at SumNum items; when a device announces more than it sends, what came is kept and
 * the caller closes it on a timeout. A channel sent twice counts once (the later wins).
 */
final class CatalogAssembler {
    private final String deviceId;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private int declaredSum = -1;

    CatalogAssembler(String deviceId) {
        this.deviceId = deviceId;
    }

    /** Adds one page; true when the announced number of items has arrived. */
    boolean add(int sumNum, List<Channel> items) {
        if (sumNum >= 0) {
            declaredSum = Math.max(declaredSum, sumNum);
        }
        for (Channel c : items) {
            channels.put(c.channelId(), c);
        }
        return isComplete();
    }

    boolean isComplete() {
        return declaredSum >= 0 && channels.size() >= declaredSum;
    }

    Catalog result() {
        return new Catalog(deviceId, List.copyOf(channels.values()), Math.max(declaredSum, 0), isComplete());
    }
}
