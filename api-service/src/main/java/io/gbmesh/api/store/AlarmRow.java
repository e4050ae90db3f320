package io.gbmesh.api.store;

import java.time.OffsetDateTime;

/** A stored alarm; {@code rawBody} is null in listings, given for one alarm. */
public record AlarmRow(long seq, String alarmId, String deviceId, String channelId, String priority, String method,
                       String type, String alarmTime, String description, Double longitude, Double latitude, String via,
                       OffsetDateTime receivedAt, String gatewayNode, String rawBody) {
}
