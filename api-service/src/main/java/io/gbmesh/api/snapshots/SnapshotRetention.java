package io.gbmesh.api.snapshots;

import io.gbmesh.api.store.SnapshotStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what is older than {@code GB_SNAPSHOT_RETENTION_DAYS}: pictures taken before then (their row,
 * then their file: a file left by a failed delete is only disk, never a row without its file), then
 * sessions that expired before then and hold no picture any more, with their directory when empty.
 * In batches, so that one sweep never holds much in memory.
 */
final class SnapshotRetention {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRetention.class);
    static final int BATCH = 500;

    private final Vertx vertx;
    private final SnapshotStore store;
    private final Path dir;
    private final Duration retention;
    private final SnapshotCounters counters;

    SnapshotRetention(Vertx vertx, SnapshotStore store, Path dir, Duration retention, SnapshotCounters counters) {
        this.vertx = vertx;
        this.store = store;
        this.dir = dir;
        this.retention = retention;
        this.counters = counters;
    }

    /** One sweep; the number of pictures and sessions deleted. */
    Future<int[]> sweep() {
        OffsetDateTime before = OffsetDateTime.now().minus(retention);
        int[] deleted = {0, 0};
        return pictures(before, deleted).compose(v -> sessions(before, deleted)).map(deleted)
                .onSuccess(d -> {
                    if (d[0] + d[1] > 0) {
                        LOG.info("snapshot retention: deleted {} picture(s) and {} session(s) older than {}", d[0], d[1], retention);
                    }
                });
    }

    private Future<Void> pictures(OffsetDateTime before, int[] deleted) {
        return store.deletePicturesBefore(before, BATCH).compose(paths -> {
            deleted[0] += paths.size();
            counters.deleted.addAndGet(paths.size());
            Future<Void> files = Future.all(paths.stream().map(p -> vertx.fileSystem().delete(dir.resolve(p).toString())
                    .otherwiseEmpty()).toList()).mapEmpty();
            return paths.size() < BATCH ? files : files.compose(v -> pictures(before, deleted));
        });
    }

    private Future<Void> sessions(OffsetDateTime before, int[] deleted) {
        return store.deleteSessionsExpiredBefore(before, BATCH).compose(ids -> {
            deleted[1] += ids.size();
            // the session's directory goes only when empty (a delete of a directory that is not fails)
            Future<Void> dirs = Future.all(ids.stream().map(this::sessionDir).toList()).mapEmpty();
            return ids.size() < BATCH ? dirs : dirs.compose(v -> sessions(before, deleted));
        });
    }

    private Future<Void> sessionDir(List<String> ids) {
        Path session = dir.resolve(Path.of(ids.get(0), ids.get(1), ids.get(2)));
        return vertx.fileSystem().exists(session.toString())
                .compose(there -> there ? vertx.fileSystem().delete(session.toString()) : Future.<Void>succeededFuture())
                .otherwiseEmpty();
    }
}
