package io.gbmesh.contracts;

/** The gateway learned a device's info. */
public record DeviceInfoUpdated(DeviceInfo info, long at) implements MeshMessage {
}
