package io.gbmesh.api.store;

import io.gbmesh.contracts.Channel;
import java.time.Instant;

/** A channel as stored: the catalog item, its device, and when it was last written. */
public record ChannelRow(String deviceId, Channel channel, Instant updatedAt) {
}
