package io.gbmesh.api.store;

import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.util.Arrays;

/**
 * The durable record of live streams, from the media nodes' {@link StreamStarted} and
 * {@link StreamStopped}: one {@code stream_sessions} row per start of a stream ID. Both writes are
 * safe to repeat and to arrive in either order (batches of events are written concurrently): a stop
 * closes the open session it follows; a stop with no session (a stream that never played, or whose
 * start is not written yet) leaves a row of its own, which a late start then completes.
 */
final class StreamSessionRecords {
    static final String STARTED = """
            WITH completed AS (
                UPDATE stream_sessions SET started_at = $9, codec = $6, width = $7, height = $8
                WHERE stream_id = $1 AND codec IS NULL AND started_at = stopped_at AND started_at >= $9
                RETURNING 1)
            INSERT INTO stream_sessions (stream_id, device_id, channel_id, ssrc, media_node, codec, width, height, started_at)
            SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
            WHERE NOT EXISTS (SELECT 1 FROM completed)
            ON CONFLICT ON CONSTRAINT stream_sessions_natural_key DO NOTHING""";

    static final String STOPPED = """
            WITH closed AS (
                UPDATE stream_sessions SET stopped_at = $7, reason = $5, stats = $6::jsonb
                WHERE stream_id = $1 AND stopped_at IS NULL AND started_at <= $7
                RETURNING 1)
            INSERT INTO stream_sessions (stream_id, device_id, channel_id, ssrc, media_node, started_at, stopped_at, reason, stats)
            SELECT $1, $2, $3, $8, $4, $7, $7, $5, $6::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM closed)
              AND NOT EXISTS (SELECT 1 FROM stream_sessions WHERE stream_id = $1 AND stopped_at = $7)
            ON CONFLICT ON CONSTRAINT stream_sessions_natural_key DO NOTHING""";

    private StreamSessionRecords() {
    }

    static Tuple started(StreamStarted e) {
        return Tuple.from(Arrays.asList(e.streamId(), e.deviceId(), e.channelId(), ssrc(e.streamId()), e.mediaNode(),
                e.codec(), e.width(), e.height(), DeviceStore.time(e.at())));
    }

    static Tuple stopped(StreamStopped e) {
        return Tuple.from(Arrays.asList(e.streamId(), e.deviceId(), e.channelId(), e.mediaNode(), e.reason(),
                e.stats() == null ? null : JsonObject.mapFrom(e.stats()), DeviceStore.time(e.at()), ssrc(e.streamId())));
    }

    /** The SSRC a stream ID ends with ({@code <deviceId>_<channelId>_<ssrc>}); null when it has none. */
    static String ssrc(String streamId) {
        int cut = streamId == null ? -1 : streamId.lastIndexOf('_');
        return cut < 0 ? null : streamId.substring(cut + 1);
    }
}
