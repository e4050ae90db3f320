package io.gbmesh.contracts;

/**
 * A RecordInfo query of one channel (GB/T 28181-2016 §9.7; reference 4.5, 6.9), sent to
 * {@link Addresses#RECORD_QUERY}: the recordings between two times as the device writes them
 * ({@code yyyy-MM-ddTHH:mm:ss}, its local time), of a {@code type} ({@code all}, {@code time},
 * {@code alarm}, {@code manual}). Reply: {@link RecordList}; failures carry {@link QueryFailure} codes.
 */
public record RecordQuery(String deviceId, String channelId, String startTime, String endTime, String type)
        implements MeshMessage {
}
