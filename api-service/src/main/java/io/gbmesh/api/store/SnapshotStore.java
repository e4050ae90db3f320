package io.gbmesh.api.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Snapshot sessions and the pictures uploaded for them, in PostgreSQL (tables of {@code V8__snapshots.sql}).
 * A session is created before its SnapShotConfig goes to the device; an upload is taken only while its
 * session has not expired and holds fewer pictures than it asked for (both checked under the session's
 * row lock, so that concurrent uploads cannot pass them).
 */
public final class SnapshotStore {
    private static final String COLUMNS = "snapshot_id, session_id, device_id, channel_id, file_id, taken_at, size_bytes, path";

    /** A session as stored: {@code tokenSha256} is the hex SHA-256 of the token in its upload URL. */
    public record Session(String sessionId, String deviceId, String channelId, String tokenSha256, int snapNum,
                          int intervalSeconds, OffsetDateTime createdAt, OffsetDateTime expiresAt, String deviceResult,
                          OffsetDateTime finishedAt, List<String> reportedFiles, int stored) {
    }

    /** One stored picture. */
    public record Snapshot(long snapshotId, String sessionId, String deviceId, String channelId, String fileId,
                           OffsetDateTime takenAt, int sizeBytes, String path) {
    }

    private final Pool pool;

    public SnapshotStore(Pool pool) {
        this.pool = pool;
    }

    public Future<Void> createSession(String sessionId, String deviceId, String channelId, String tokenSha256, int snapNum,
                                      int intervalSeconds, OffsetDateTime expiresAt) {
        return pool.preparedQuery("""
                        INSERT INTO snapshot_sessions (session_id, device_id, channel_id, token_sha256, snap_num,
                                                       interval_seconds, expires_at)
                        VALUES ($1, $2, $3, $4, $5, $6, $7)""")
                .execute(Tuple.of(sessionId, deviceId, channelId, tokenSha256, snapNum, intervalSeconds, expiresAt))
                .mapEmpty();
    }

    /** Records the Result of the device's Response to the SnapShotConfig. */
    public Future<Void> deviceResult(String sessionId, String result) {
        return pool.preparedQuery("UPDATE snapshot_sessions SET device_result = $2 WHERE session_id = $1")
                .execute(Tuple.of(sessionId, result)).mapEmpty();
    }

    public Future<Optional<Session>> session(String sessionId) {
        return pool.preparedQuery("""
                        SELECT s.*, (SELECT count(*) FROM snapshots p WHERE p.session_id = s.session_id) AS stored
                        FROM snapshot_sessions s WHERE s.session_id = $1""")
                .execute(Tuple.of(sessionId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(session(rows.iterator().next())));
    }

    /**
     * Stores a picture's row unless the session expired or is full; the row, or empty when refused. The
     * same file ID uploaded again replaces its row's size and path (a device retrying after a lost answer).
     * One transaction holds the session's row lock while it counts, inserts and then runs {@code place}
     * (which puts the picture's file where {@code path} says): uploads to one session are taken one after
     * another, so the count holds under concurrency and a file is in place only with its row. When
     * refused, {@code place} is not run; when it fails, the row is not kept.
     */
    public Future<Optional<Snapshot>> add(String sessionId, String fileId, int sizeBytes, String path,
                                          Supplier<Future<Void>> place) {
        return pool.withTransaction(conn -> conn
                .preparedQuery("SELECT snap_num, expires_at > now() AS open FROM snapshot_sessions WHERE session_id = $1 FOR UPDATE")
                .execute(Tuple.of(sessionId))
                .compose(locked -> {
                    if (locked.size() == 0 || !locked.iterator().next().getBoolean("open")) {
                        return Future.succeededFuture(Optional.<Snapshot>empty());
                    }
                    int snapNum = locked.iterator().next().getInteger("snap_num");
                    // a statement of its own: under READ COMMITTED it sees what was committed before the lock was had
                    return conn.preparedQuery("SELECT count(*) AS others FROM snapshots WHERE session_id = $1 AND file_id <> $2")
                            .execute(Tuple.of(sessionId, fileId))
                            .compose(counted -> counted.iterator().next().getLong("others") >= snapNum
                                    ? Future.succeededFuture(Optional.<Snapshot>empty())
                                    : conn.preparedQuery("""
                                                    INSERT INTO snapshots (session_id, device_id, channel_id, file_id, size_bytes, path)
                                                    SELECT s.session_id, s.device_id, s.channel_id, $2, $3, $4
                                                    FROM snapshot_sessions s WHERE s.session_id = $1
                                                    ON CONFLICT (session_id, file_id) DO UPDATE SET size_bytes = EXCLUDED.size_bytes,
                                                        path = EXCLUDED.path, taken_at = now()
                                                    RETURNING\s""" + COLUMNS)
                                            .execute(Tuple.of(sessionId, fileId, sizeBytes, path))
                                            .compose(rows -> place.get().map(v -> Optional.of(snapshot(rows.iterator().next())))));
                }));
    }

    /** Deletes up to {@code limit} pictures taken before {@code before}; their paths. */
    public Future<List<String>> deletePicturesBefore(OffsetDateTime before, int limit) {
        return pool.preparedQuery("""
                        DELETE FROM snapshots WHERE snapshot_id IN
                            (SELECT snapshot_id FROM snapshots WHERE taken_at < $1 ORDER BY snapshot_id LIMIT $2)
                        RETURNING path""")
                .execute(Tuple.of(before, limit))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString("path")));
                    return out;
                });
    }

    /**
     * Deletes up to {@code limit} sessions that expired before {@code before} and hold no picture any
     * more; each as its device, channel and session IDs (the directory its pictures were in).
     */
    public Future<List<List<String>>> deleteSessionsExpiredBefore(OffsetDateTime before, int limit) {
        return pool.preparedQuery("""
                        DELETE FROM snapshot_sessions WHERE session_id IN
                            (SELECT s.session_id FROM snapshot_sessions s WHERE s.expires_at < $1
                               AND NOT EXISTS (SELECT 1 FROM snapshots p WHERE p.session_id = s.session_id) LIMIT $2)
                        RETURNING device_id, channel_id, session_id""")
                .execute(Tuple.of(before, limit))
                .map(rows -> {
                    List<List<String>> out = new ArrayList<>();
                    rows.forEach(r -> out.add(List.of(r.getString("device_id"), r.getString("channel_id"), r.getString("session_id"))));
                    return out;
                });
    }

    /**
     * Marks a session finished with the file IDs the device reported (the first report's time is kept);
     * the session, or empty when no session of that ID belongs to that device (the channel is not checked:
     * a device may name itself rather than the channel in its notification).
     */
    public Future<Optional<Session>> finish(String sessionId, String deviceId, List<String> fileIds) {
        return pool.preparedQuery("""
                        UPDATE snapshot_sessions s SET finished_at = coalesce(s.finished_at, now()), reported_files = $3
                        WHERE s.session_id = $1 AND s.device_id = $2
                        RETURNING s.*, (SELECT count(*) FROM snapshots p WHERE p.session_id = s.session_id) AS stored""")
                .execute(Tuple.of(sessionId, deviceId, fileIds.toArray(new String[0])))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(session(rows.iterator().next())));
    }

    /** A channel's pictures, newest first: {@code limit} rows before the cursor {@code after} (a snapshot ID), if any. */
    public Future<List<Snapshot>> list(String deviceId, String channelId, Long after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM snapshots WHERE device_id = $1 AND channel_id = $2"
                + (after == null ? "" : " AND snapshot_id < $4") + " ORDER BY snapshot_id DESC LIMIT $3";
        Tuple args = after == null ? Tuple.of(deviceId, channelId, limit) : Tuple.of(deviceId, channelId, limit, after);
        return pool.preparedQuery(sql).execute(args).map(rows -> {
            List<Snapshot> out = new ArrayList<>();
            rows.forEach(r -> out.add(snapshot(r)));
            return out;
        });
    }

    public Future<Optional<Snapshot>> get(long snapshotId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM snapshots WHERE snapshot_id = $1")
                .execute(Tuple.of(snapshotId))
                .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(snapshot(rows.iterator().next())));
    }

    private static Session session(Row r) {
        String[] files = r.getArrayOfStrings("reported_files");
        return new Session(r.getString("session_id"), r.getString("device_id"), r.getString("channel_id"),
                r.getString("token_sha256"), r.getInteger("snap_num"), r.getInteger("interval_seconds"),
                r.getOffsetDateTime("created_at"), r.getOffsetDateTime("expires_at"), r.getString("device_result"),
                r.getOffsetDateTime("finished_at"), files == null ? List.of() : List.of(files),
                r.getLong("stored").intValue());
    }

    private static Snapshot snapshot(Row r) {
        return new Snapshot(r.getLong("snapshot_id"), r.getString("session_id"), r.getString("device_id"),
                r.getString("channel_id"), r.getString("file_id"), r.getOffsetDateTime("taken_at"),
                r.getInteger("size_bytes"), r.getString("path"));
    }
}
