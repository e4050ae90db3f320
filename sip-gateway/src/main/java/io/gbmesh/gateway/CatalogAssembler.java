package io.gbmesh.gateway;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.Channel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Assembles a device's Catalog answer from its pages (several MESSAGEs with the same SN, reference
 * 4.5/6.4): done at SumNum items; when a device announces more than it sends, what came is kept and
 * the caller closes it on a timeout. A channel sent twice counts once (the later wins). Bounded by
 * {@link DeviceCaps}: channels past the cap are dropped (and counted by the caller), and the assembly
 * ends at the cap of channels or of pages, incomplete, whatever SumNum the device announced.
 */
final class CatalogAssembler {
    private final String deviceId;
    private final int maxChannels;
    private final int maxPages;
    private final Map<String, Channel> channels = new LinkedHashMap<>();
    private int declaredSum = -1;
    private int pages;
    private int dropped;

    CatalogAssembler(String deviceId, DeviceCaps caps) {
        this.deviceId = deviceId;
        this.maxChannels = caps.maxChannels();
        this.maxPages = caps.maxCatalogPages();
    }

    /** Adds one page; true when the assembly is over: all announced items came, or a cap was reached. */
    boolean add(int sumNum, List<Channel> items) {
        pages++;
        if (sumNum >= 0) {
            declaredSum = Math.max(declaredSum, sumNum);
        }
        for (Channel c : items) {
            if (channels.size() < maxChannels || channels.containsKey(c.channelId())) {
                channels.put(c.channelId(), c);
            } else {
                dropped++;
            }
        }
        return isComplete() || capReached();
    }

    boolean isComplete() {
        return declaredSum >= 0 && channels.size() >= declaredSum;
    }

    /** True when no further page can change the result: the channels or pages are at their cap. */
    boolean capReached() {
        return channels.size() >= maxChannels || pages >= maxPages;
    }

    /** Items refused because the device already had the most channels we keep. */
    int dropped() {
        return dropped;
    }

    Catalog result() {
        return new Catalog(deviceId, List.copyOf(channels.values()), Math.max(declaredSum, 0), isComplete());
    }

    /**
     * The first {@code max} channels, in order; for catalog notifications, whose additions come after
     * the channels already known, so that the known ones stay.
     */
    static List<Channel> firstChannels(Collection<Channel> all, int max) {
        if (all.size() <= max) {
            return List.copyOf(all);
        }
        List<Channel> kept = new ArrayList<>(max);
        for (Channel c : all) {
            if (kept.size() == max) {
                break;
            }
            kept.add(c);
        }
        return List.copyOf(kept);
    }
}
