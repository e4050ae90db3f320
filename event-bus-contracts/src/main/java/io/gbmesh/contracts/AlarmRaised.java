package io.gbmesh.contracts;

/**
 * An alarm a device reported (GB/T 28181-2016 §9.4, A.2.5.2), as the gateway accepted it from the
 * device's bound address: by MESSAGE Notify (most cameras, without any subscription) or by NOTIFY of an
 * alarm subscription ({@code via}). {@code alarmId} is the gateway's, unique in the mesh, so that every
 * replica storing the same published event stores it once.
 *
 * <p>{@code channelId} is the body's {@code DeviceID} (the alarming channel, or the device itself);
 * priority, method and type stay as the device sent them, since devices disagree on their codes
 * (priority 1..4, method 1..7 in the standard); empty when absent. {@code alarmTime} is the device's own
 * clock as sent; {@code receivedAt} the gateway's, epoch ms. {@code rawBody} is the MANSCDP body as text.
 */
public record AlarmRaised(String alarmId, String deviceId, String channelId, String priority, String method,
                          String type, String alarmTime, String description, Double longitude, Double latitude,
                          String via, String rawBody, long receivedAt, String gatewayNode) implements MeshMessage {
    /** {@link #via} of an alarm that came in a MESSAGE. */
    public static final String VIA_MESSAGE = "MESSAGE";
    /** {@link #via} of an alarm that came in a NOTIFY of a subscription. */
    public static final String VIA_NOTIFY = "NOTIFY";
}
