package io.gbmesh.api.snapshots;

import io.gbmesh.api.http.ApiMetrics;
import java.util.concurrent.atomic.AtomicLong;

/** What happened to uploads and to devices' UploadSnapShotFinished, exported on {@code /metrics}. */
final class SnapshotCounters {
    final AtomicLong requested = new AtomicLong();
    final AtomicLong stored = new AtomicLong();
    final AtomicLong rejectedToken = new AtomicLong();
    final AtomicLong rejectedType = new AtomicLong();
    final AtomicLong rejectedSize = new AtomicLong();
    final AtomicLong rejectedClosed = new AtomicLong();
    final AtomicLong rejectedBusy = new AtomicLong();
    final AtomicLong rejectedSlow = new AtomicLong();
    final AtomicLong finished = new AtomicLong();
    final AtomicLong finishedUnknown = new AtomicLong();
    final AtomicLong deleted = new AtomicLong();

    void register(ApiMetrics metrics) {
        metrics.functionCounter("gbmesh.api.snapshots.requested", "snapshot sessions asked of devices", requested, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.uploads.stored", "pictures uploaded by devices and stored", stored, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.uploads.rejected.token",
                "uploads refused: no session of that ID, or not its token (403)", rejectedToken, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.uploads.rejected.type",
                "uploads refused: the body holds no JPEG (415)", rejectedType, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.uploads.rejected.size",
                "uploads refused: larger than GB_SNAPSHOT_MAX_BYTES (413)", rejectedSize, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.uploads.rejected.closed",
                "uploads refused: the session expired or has all its pictures (409)", rejectedClosed, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.uploads.rejected.busy",
                "uploads refused: GB_SNAPSHOT_MAX_UPLOADS were being read, or GB_SNAPSHOT_MAX_UPLOADS_PER_ADDRESS from its address (503)", rejectedBusy, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.uploads.rejected.slow",
                "uploads refused: not complete within GB_SNAPSHOT_REQUEST_TIMEOUT_MS (408)", rejectedSlow, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.finished", "UploadSnapShotFinished of a known session", finished, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.finished.unknown",
                "UploadSnapShotFinished naming no session of that device", finishedUnknown, AtomicLong::get);
        metrics.functionCounter("gbmesh.api.snapshots.deleted",
                "pictures deleted: older than GB_SNAPSHOT_RETENTION_DAYS", deleted, AtomicLong::get);
    }
}
