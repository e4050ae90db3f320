package io.gbmesh.contracts;

/** A change a device notified for one channel (GB/T 28181 catalog notification event). */
public record ChannelChange(String channelId, String event) {
}
