package io.gbmesh.contracts;

/** Asks a gateway node for a device's subscriptions, at {@link Addresses#gatewaySubscriptions}; answered by {@link DeviceSubscriptions}. */
public record SubscriptionsQuery(String deviceId) implements MeshMessage {
}
