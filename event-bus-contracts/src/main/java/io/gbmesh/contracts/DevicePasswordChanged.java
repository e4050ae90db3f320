package io.gbmesh.contracts;

/**
 * A device's own password was set ({@code ha1 == null}: removed, the global one applies again).
 * Published on {@link Addresses#DEVICE_PASSWORD} by whoever writes the cluster map
 * {@link Addresses#PASSWORDS_MAP}, so that every gateway node keeps a local copy and checks a
 * REGISTER without a cluster round trip. Only {@code HA1 = MD5(deviceId:realm:password)} travels
 * (RFC 2617 §3.2.2.2): all digest verification needs, and not the password itself.
 */
public record DevicePasswordChanged(String deviceId, String ha1) implements MeshMessage {
}
