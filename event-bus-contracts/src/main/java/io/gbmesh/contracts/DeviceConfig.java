package io.gbmesh.contracts;

/** A device's ConfigDownload BasicParam answer; absent numbers are null. */
public record DeviceConfig(String deviceId, String name, String sipServerId, String sipServerIp, Integer sipServerPort,
                           String domainName, Integer expiration, Integer heartBeatInterval, Integer heartBeatCount,
                           Integer positionCapability) implements MeshMessage {
}
