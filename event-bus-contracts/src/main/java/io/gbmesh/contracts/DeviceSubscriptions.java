package io.gbmesh.contracts;

import java.util.List;

/**
 * The answer to a {@link SubscriptionsQuery}: the device's subscriptions as its owner gateway node
 * holds them; empty for a device that node does not serve.
 */
public record DeviceSubscriptions(String deviceId, String gatewayNode, List<SubscriptionState> subscriptions)
        implements MeshMessage {
    public DeviceSubscriptions {
        subscriptions = subscriptions == null ? List.of() : List.copyOf(subscriptions);
    }
}
