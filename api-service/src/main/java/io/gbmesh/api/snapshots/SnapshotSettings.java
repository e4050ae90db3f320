package io.gbmesh.api.snapshots;

import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.NodeIdentity;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Device snapshot settings, read once from the environment.
 *
 * @param dir          {@code GB_DATA_DIR}{@code /snapshots}: where uploaded pictures are kept, one directory
 *                     per device, channel and session
 * @param uploadBase   {@code GB_SNAPSHOT_UPLOAD_BASE}: the scheme, host and port devices reach this service at
 *                     (e.g. {@code http://203.0.113.5:8080}), put in front of the upload path; unset, the
 *                     advertised host and the port the snapshot request came in on
 * @param advertisedHost {@code GB_HTTP_ADVERTISED_HOST}: this service's address as devices see it; default
 *                     {@code GB_HTTP_HOST} when that is one address, else this machine's address
 * @param maxBytes     {@code GB_SNAPSHOT_MAX_BYTES}, default 4 MiB: the largest upload taken (a 4K JPEG is ~1-2 MiB)
 * @param graceSeconds {@code GB_SNAPSHOT_GRACE_S}, default 120: how long past count x interval a session takes uploads
 * @param maxUploads   {@code GB_SNAPSHOT_MAX_UPLOADS}, default 16: uploads read at once by this replica (each
 *                     held in memory up to {@code maxBytes}); more are answered {@code 503}. A slot is
 *                     taken only once the upload URL's session and token were checked
 * @param maxUploadsPerAddress {@code GB_SNAPSHOT_MAX_UPLOADS_PER_ADDRESS}, default 4: uploads from one source
 *                     address at once (being checked or read); more are answered {@code 503}
 * @param requestTimeoutMillis {@code GB_SNAPSHOT_REQUEST_TIMEOUT_MS}, default 30000: how long an upload may take
 *                     from its request line to its stored picture; later, {@code 408} and the connection closed
 * @param retention    {@code GB_SNAPSHOT_RETENTION_DAYS}, default 30 (0: kept for ever): pictures older than
 *                     this are deleted (file and row), and sessions that expired longer ago than this
 * @param sweepMillis  {@code GB_SNAPSHOT_SWEEP_MS}, default 3600000: how often that deletion runs
 */
public record SnapshotSettings(Path dir, String uploadBase, String advertisedHost, int maxBytes, int graceSeconds,
                               int maxUploads, int maxUploadsPerAddress, long requestTimeoutMillis, Duration retention,
                               long sweepMillis) {
    public static SnapshotSettings fromEnv(Env env) {
        String host = env.get("GB_HTTP_HOST", "0.0.0.0");
        String base = env.get("GB_SNAPSHOT_UPLOAD_BASE", null);
        return new SnapshotSettings(Path.of(env.get("GB_DATA_DIR", "./data"), "snapshots").toAbsolutePath().normalize(),
                base == null || base.isBlank() ? null : base.replaceAll("/+$", ""),
                env.get("GB_HTTP_ADVERTISED_HOST", host.equals("0.0.0.0") ? NodeIdentity.localAddress() : host),
                env.getInt("GB_SNAPSHOT_MAX_BYTES", 4 * 1024 * 1024), env.getInt("GB_SNAPSHOT_GRACE_S", 120),
                env.getInt("GB_SNAPSHOT_MAX_UPLOADS", 16), env.getInt("GB_SNAPSHOT_MAX_UPLOADS_PER_ADDRESS", 4),
                env.getInt("GB_SNAPSHOT_REQUEST_TIMEOUT_MS", 30_000),
                Duration.ofDays(Math.max(0, env.getInt("GB_SNAPSHOT_RETENTION_DAYS", 30))),
                Math.max(1_000, env.getInt("GB_SNAPSHOT_SWEEP_MS", 3_600_000)));
    }

    /** The base of upload URLs for a request that came in on {@code localPort}. */
    String uploadBase(int localPort) {
        if (uploadBase != null) {
            return uploadBase;
        }
        String host = advertisedHost.contains(":") && !advertisedHost.startsWith("[") ? "[" + advertisedHost + "]" : advertisedHost;
        return "http://" + host + ":" + localPort;
    }
}
