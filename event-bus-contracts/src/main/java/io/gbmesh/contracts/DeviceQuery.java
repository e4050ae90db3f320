package io.gbmesh.contracts;

/**
 * An on-demand query of a device, sent to {@link Addresses#DEVICE_QUERY}. The reply is the record
 * named by the kind, or a failure with a {@link QueryFailure} code.
 */
public record DeviceQuery(String deviceId, Kind kind, String configType) implements MeshMessage {
    public enum Kind {
        /** → {@link DeviceInfo} */ DEVICE_INFO,
        /** → {@link DeviceStatus} */ DEVICE_STATUS,
        /** → {@link Catalog} */ CATALOG,
        /** → {@link DeviceConfig} */ CONFIG_DOWNLOAD
    }

    public static DeviceQuery of(String deviceId, Kind kind) {
        return new DeviceQuery(deviceId, kind, kind == Kind.CONFIG_DOWNLOAD ? "BasicParam" : null);
    }
}
