package io.gbmesh.contracts;

import java.util.List;

/**
 * The recordings a device answered a {@link RecordQuery} with, assembled from all its messages and
 * sorted by start time. {@code complete} is false when fewer items came than the device announced
 * ({@code sumNum}) before the wait ended: what came is kept.
 */
public record RecordList(String deviceId, String channelId, int sumNum, boolean complete, List<Item> items)
        implements MeshMessage {

    public RecordList {
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** One recording file; {@code fileSize} in bytes, -1 when the device did not say. */
    public record Item(String deviceId, String start, String end, String name, String filePath, String address,
                       int secrecy, String type, String recorderId, long fileSize) {
    }
}
