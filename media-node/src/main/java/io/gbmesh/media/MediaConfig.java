package io.gbmesh.media;

import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.NodeIdentity;

import java.util.Map;

/**
 * The media node's settings, from environment variables (see the README's configuration reference).
 *
 * @param nodeId          {@code GB_MEDIA_NODE_ID}: the node's name on the event bus ({@code gb.media.<nodeId>})
 * @param host            {@code GB_MEDIA_HOST}: the interface RTP and HTTP bind to
 * @param advertisedHost  {@code GB_MEDIA_ADVERTISED_HOST}: the address devices send RTP to and viewers connect to
 * @param rtpPortMin      {@code GB_RTP_PORT_MIN}: first port of the RTP range
 * @param rtpPortMax      {@code GB_RTP_PORT_MAX}: last port of the RTP range (inclusive)
 * @param sharedPort      {@code GB_RTP_SHARED_PORT}: one port for every stream that asks for it, demultiplexed by SSRC; 0 = none
 * @param httpPort        {@code GB_MEDIA_HTTP_PORT}: HTTP-FLV, {@code /api/streams}, {@code /health}; 0 = any free port
 * @param stallMillis     {@code GB_STREAM_STALL_MS}: silence after which a flowing stream is reported stalled
 * @param idleMillis      {@code GB_STREAM_IDLE_MS}: how long a stream lives without a viewer
 * @param ssrcLockMillis  {@code GB_SSRC_LOCK_MS}: how long a port of its own waits for the expected SSRC
 *                        before playing the one that arrives
 * @param loadIntervalMillis {@code GB_MEDIA_LOAD_INTERVAL_MS}: period of the {@code MediaNodeLoad} reports
 * @param maxViewers      {@code GB_MEDIA_MAX_VIEWERS}: viewers the node serves at once; more are refused (503)
 * @param maxViewersPerStream {@code GB_MEDIA_MAX_VIEWERS_PER_STREAM}: viewers of one stream at once; more are refused (503)
 * @param downloadDir     {@code GB_DATA_DIR}{@code /downloads}: where downloads are written, one {@code <streamId>.mp4} each
 */
public record MediaConfig(String nodeId, String host, String advertisedHost, int rtpPortMin, int rtpPortMax,
                          int sharedPort, int httpPort, long stallMillis, long idleMillis, long ssrcLockMillis,
                          long loadIntervalMillis, int maxViewers, int maxViewersPerStream,
                          java.nio.file.Path downloadDir) {

    public static final int DEFAULT_MAX_VIEWERS = 1000;
    public static final int DEFAULT_MAX_VIEWERS_PER_STREAM = 100;

    /** The settings with the default viewer caps. */
    public MediaConfig(String nodeId, String host, String advertisedHost, int rtpPortMin, int rtpPortMax, int sharedPort,
                       int httpPort, long stallMillis, long idleMillis, long ssrcLockMillis, long loadIntervalMillis) {
        this(nodeId, host, advertisedHost, rtpPortMin, rtpPortMax, sharedPort, httpPort, stallMillis, idleMillis,
                ssrcLockMillis, loadIntervalMillis, DEFAULT_MAX_VIEWERS, DEFAULT_MAX_VIEWERS_PER_STREAM);
    }

    /** The settings with downloads under {@code ./data/downloads}. */
    public MediaConfig(String nodeId, String host, String advertisedHost, int rtpPortMin, int rtpPortMax, int sharedPort,
                       int httpPort, long stallMillis, long idleMillis, long ssrcLockMillis, long loadIntervalMillis,
                       int maxViewers, int maxViewersPerStream) {
        this(nodeId, host, advertisedHost, rtpPortMin, rtpPortMax, sharedPort, httpPort, stallMillis, idleMillis,
                ssrcLockMillis, loadIntervalMillis, maxViewers, maxViewersPerStream, java.nio.file.Path.of("data", "downloads"));
    }

    public MediaConfig {
        if (maxViewers < 1 || maxViewersPerStream < 1) {
            throw new IllegalArgumentException("GB_MEDIA_MAX_VIEWERS and GB_MEDIA_MAX_VIEWERS_PER_STREAM must be at least 1");
        }
        if (rtpPortMin < 1 || rtpPortMax > 65535 || rtpPortMin > rtpPortMax) {
            throw new IllegalArgumentException("RTP port range " + rtpPortMin + "-" + rtpPortMax);
        }
        if (sharedPort != 0 && sharedPort >= rtpPortMin && sharedPort <= rtpPortMax) {
            throw new IllegalArgumentException("GB_RTP_SHARED_PORT " + sharedPort + " lies in the RTP port range");
        }
    }

    public static MediaConfig fromEnv(Env env) {
        String host = env.get("GB_MEDIA_HOST", "0.0.0.0");
        return new MediaConfig(
                env.get("GB_MEDIA_NODE_ID", NodeIdentity.defaultNodeId("media")),
                host,
                env.get("GB_MEDIA_ADVERTISED_HOST", host.equals("0.0.0.0") ? NodeIdentity.localAddress() : host),
                env.getInt("GB_RTP_PORT_MIN", 30000),
                env.getInt("GB_RTP_PORT_MAX", 30999),
                env.getInt("GB_RTP_SHARED_PORT", 0),
                env.getInt("GB_MEDIA_HTTP_PORT", 8081),
                env.getInt("GB_STREAM_STALL_MS", 5000),
                env.getInt("GB_STREAM_IDLE_MS", 30000),
                env.getInt("GB_SSRC_LOCK_MS", 1000),
                env.getInt("GB_MEDIA_LOAD_INTERVAL_MS", 2000),
                env.getInt("GB_MEDIA_MAX_VIEWERS", DEFAULT_MAX_VIEWERS),
                env.getInt("GB_MEDIA_MAX_VIEWERS_PER_STREAM", DEFAULT_MAX_VIEWERS_PER_STREAM),
                java.nio.file.Path.of(env.get("GB_DATA_DIR", "./data"), "downloads"));
    }

    public static MediaConfig defaults() {
        return fromEnv(new Env(Map.of()));
    }

    /** Settings for tests: loopback only, any HTTP port, the given RTP range, short timers. */
    public static MediaConfig loopback(String nodeId, int rtpPortMin, int rtpPortMax) {
        return new MediaConfig(nodeId, "127.0.0.1", "127.0.0.1", rtpPortMin, rtpPortMax, 0, 0, 5000, 30000, 1000, 2000);
    }

    public MediaConfig withSharedPort(int port) {
        return new MediaConfig(nodeId, host, advertisedHost, rtpPortMin, rtpPortMax, port, httpPort, stallMillis,
                idleMillis, ssrcLockMillis, loadIntervalMillis, maxViewers, maxViewersPerStream, downloadDir);
    }

    public MediaConfig withTimers(long stall, long idle, long ssrcLock, long loadInterval) {
        return new MediaConfig(nodeId, host, advertisedHost, rtpPortMin, rtpPortMax, sharedPort, httpPort, stall, idle,
                ssrcLock, loadInterval, maxViewers, maxViewersPerStream, downloadDir);
    }

    public MediaConfig withViewerCaps(int node, int perStream) {
        return new MediaConfig(nodeId, host, advertisedHost, rtpPortMin, rtpPortMax, sharedPort, httpPort, stallMillis,
                idleMillis, ssrcLockMillis, loadIntervalMillis, node, perStream, downloadDir);
    }

    /** The same settings writing downloads to {@code dir}. */
    public MediaConfig withDownloadDir(java.nio.file.Path dir) {
        return new MediaConfig(nodeId, host, advertisedHost, rtpPortMin, rtpPortMax, sharedPort, httpPort, stallMillis,
                idleMillis, ssrcLockMillis, loadIntervalMillis, maxViewers, maxViewersPerStream, dir);
    }
}
