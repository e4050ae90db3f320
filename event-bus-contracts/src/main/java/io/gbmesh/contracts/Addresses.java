package io.gbmesh.contracts;

/** Event-bus addresses of the mesh. Events are published; queries are request/reply. */
public final class Addresses {
    /** {@link DeviceOnline}, published by the gateway that accepted the registration. */
    public static final String DEVICE_ONLINE = "gb.device.online";
    /** {@link DeviceOffline}, published by the owner gateway (or the one that noticed). */
    public static final String DEVICE_OFFLINE = "gb.device.offline";
    /** {@link DeviceInfoUpdated}. */
    public static final String DEVICE_INFO = "gb.device.info";
    /** {@link CatalogUpdated}: the channel list of a device after a query or a notification. */
    public static final String DEVICE_CATALOG = "gb.device.catalog";

    /**
     * {@link DeviceQuery} → {@link DeviceInfo} | {@link DeviceStatus} | {@link Catalog} | {@link DeviceConfig}.
     * Any gateway node takes it and routes it to the device's owner node. Failures come back as
     * {@code ReplyException}s with a {@link QueryFailure} code.
     */
    public static final String DEVICE_QUERY = "gb.device.query";

    /** The query address of one gateway node, used to reach the node owning a device. */
    public static String gatewayNodeQuery(String nodeId) {
        return "gb.gateway." + nodeId + ".query";
    }

    /** Name of the cluster-wide map deviceId → {@link DeviceRegistration} (JSON). */
    public static final String REGISTRY_MAP = "gb.registry.devices";
    /** Name of the cluster-wide map deviceId → {@link Catalog} (JSON). */
    public static final String CHANNELS_MAP = "gb.registry.channels";

    private Addresses() {
    }
}
