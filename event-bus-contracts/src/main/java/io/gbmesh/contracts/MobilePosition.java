package io.gbmesh.contracts;

/**
 * A mobile device's position (GB/T 28181-2016 §9.11.2, A.2.5.5), as the gateway accepted it: from a
 * NOTIFY of a position subscription or a MESSAGE. {@code channelId} is the body's {@code DeviceID};
 * {@code time} the device's clock as sent; numbers the device did not send (or sent badly) are null.
 */
public record MobilePosition(String deviceId, String channelId, String time, Double longitude, Double latitude,
                             Double speed, Double direction, Double altitude, long receivedAt) implements MeshMessage {
}
