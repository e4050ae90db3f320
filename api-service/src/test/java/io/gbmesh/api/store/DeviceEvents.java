package io.gbmesh.api.store;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.Transport;
import java.util.List;

/** Events as the gateway publishes them, for the tests. Times are epoch milliseconds. */
public final class DeviceEvents {
    public static final long T0 = 1_700_000_000_000L;

    private DeviceEvents() {
    }

    public static String deviceId(int n) {
        return String.format("3402000000132%07d", n);
    }

    public static DeviceOnline online(String id, long at) {
        return new DeviceOnline(id, "gw-1", Transport.UDP, "192.168.1.64", 5060, "sip:" + id + "@192.168.1.64:5060",
                3600, at, false);
    }

    public static DeviceOnline refresh(String id, long at) {
        return new DeviceOnline(id, "gw-1", Transport.UDP, "192.168.1.64", 5060, "sip:" + id + "@192.168.1.64:5060",
                3600, at, true);
    }

    public static DeviceOffline offline(String id, long at) {
        return new DeviceOffline(id, "gw-1", OfflineReason.KEEPALIVE_TIMEOUT, at);
    }

    public static DeviceInfoUpdated info(String id, String manufacturer, long at) {
        return new DeviceInfoUpdated(new DeviceInfo(id, "IP CAMERA", manufacturer, "DS-2CD2T47", "V5.7.3", 2), at);
    }

    public static Channel channel(String channelId, String name, String status) {
        return new Channel(channelId, name, "Hikvision", "IP Camera", "Owner", "340200", "Xiamen", 0, null, status,
                1, "192.168.1.64", 8000, 118.1, 24.5);
    }

    public static CatalogUpdated catalog(String id, boolean complete, long at, List<Channel> channels, List<ChannelChange> changes) {
        return new CatalogUpdated(new Catalog(id, channels, channels.size(), complete), changes, at);
    }
}
