package io.gbmesh.contracts;

/** What a device says of itself (MANSCDP DeviceInfo response). */
public record DeviceInfo(String deviceId, String deviceName, String manufacturer, String model, String firmware,
                         Integer channelCount) implements MeshMessage {
}
