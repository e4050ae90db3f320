package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.SnapshotConfigAnswer;
import io.gbmesh.contracts.SnapshotRequest;
import io.gbmesh.contracts.SnapshotsUploaded;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
import io.gbmesh.protocol.manscdp.ManscdpSnapshots;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;

/**
 * Device snapshots of GB/T 28181-2022 (§9.14; reference 4.8, 6.13) on the device's owner node: a
 * {@link SnapshotRequest} becomes the channel's DeviceConfig with a SnapShotConfig, answered with the
 * Result of the device's Response; the device's UploadSnapShotFinished (taken by {@link DeviceMessages}
 * once the device is known to be who it says) is published as {@link SnapshotsUploaded} for the
 * api-service, which holds the sessions and the pictures.
 */
final class DeviceSnapshots {
    /** Upload URLs longer than this are refused: devices keep the URL in a small buffer. */
    static final int MAX_URL = 512;
    static final int MAX_SESSION_ID = 64;

    private final DeviceQueryClient queries;
    private final GatewayMetrics metrics;
    private final String nodeId;
    private final EventBus bus;

    DeviceSnapshots(DeviceQueryClient queries, GatewayMetrics metrics, String nodeId, EventBus bus) {
        this.queries = queries;
        this.metrics = metrics;
        this.nodeId = nodeId;
        this.bus = bus;
    }

    /** Sends the SnapShotConfig to the channel and gives the device's Result. */
    Future<SnapshotConfigAnswer> request(SnapshotRequest r, OwnedDevice device) {
        String invalid = invalid(r);
        if (invalid != null) {
            metrics.count("snapshot.request.rejected");
            return Future.failedFuture(new QueryFailedException(QueryFailure.BAD_REQUEST, invalid));
        }
        metrics.count("snapshot.request");
        return queries.query(device, ManscdpSnapshots.CONFIG_CMD_TYPE, sn -> ManscdpSnapshots.config(sn, r.channelId(),
                        r.snapNum(), r.intervalSeconds(), r.uploadUrl(), r.sessionId()))
                .map(doc -> {
                    String result = doc.document().text("Result").orElse("");
                    metrics.count("OK".equalsIgnoreCase(result) ? "snapshot.request.ok" : "snapshot.request.refused");
                    return new SnapshotConfigAnswer(r.sessionId(), result, nodeId);
                });
    }

    /** A device's UploadSnapShotFinished, from a device bound to its registration and speaking for the channel. */
    void finished(String deviceId, DeviceBodies.Document doc) {
        ManscdpSnapshots.Finished finished;
        try {
            finished = ManscdpSnapshots.Finished.from(doc.document());
        } catch (ManscdpParseException e) {
            metrics.count("snapshot.finished.rejected.body");
            return;
        }
        if (finished.sessionId().length() > MAX_SESSION_ID) {
            metrics.count("snapshot.finished.rejected.body");
            return;
        }
        metrics.count("snapshot.finished");
        bus.publish(Addresses.SNAPSHOTS_UPLOADED, new SnapshotsUploaded(deviceId, finished.deviceId(), finished.sessionId(),
                finished.fileIds(), nodeId, System.currentTimeMillis()));
    }

    private static String invalid(SnapshotRequest r) {
        if (!DeviceIds.isValid(r.channelId())) {
            return "channel ID must be 20 digits";
        }
        if (r.snapNum() < 1 || r.snapNum() > ManscdpSnapshots.MAX_SNAP_NUM) {
            return "SnapNum must be 1.." + ManscdpSnapshots.MAX_SNAP_NUM;
        }
        if (r.intervalSeconds() < 1) {
            return "Interval must be at least 1 second";
        }
        if (r.uploadUrl() == null || r.uploadUrl().length() > MAX_URL
                || !(r.uploadUrl().startsWith("http://") || r.uploadUrl().startsWith("https://"))) {
            return "UploadURL must be an http(s) URL of at most " + MAX_URL + " characters";
        }
        if (r.sessionId() == null || r.sessionId().isEmpty() || r.sessionId().length() > MAX_SESSION_ID) {
            return "SessionID must be 1.." + MAX_SESSION_ID + " characters";
        }
        return null;
    }
}
