package io.gbmesh.contracts;

/**
 * A device's own password was set ({@code null}: removed, the global one applies again). Published
 * on {@link Addresses#DEVICE_PASSWORD} by whoever writes the cluster map {@link Addresses#PASSWORDS_MAP},
 * so that every gateway node keeps a local copy and checks a REGISTER without a cluster round trip.
 */
public record DevicePasswordChanged(String deviceId, String password) implements MeshMessage {
}
