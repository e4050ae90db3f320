package io.gbmesh.media;

import io.gbmesh.contracts.MediaNodeFailure;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamStalled;
import io.gbmesh.contracts.StreamStarted;
import io.gbmesh.contracts.StreamStopped;

import java.lang.management.ManagementFactory;
import java.util.Collection;

/**
 * The messages the node answers and publishes about its streams, built from a stream and the
 * node's settings: where a device sends ({@link StreamEndpoint}), the stream's milestones
 * ({@link StreamStarted}, {@link StreamStalled}, {@link StreamStopped}) and the node's load.
 */
final class NodeMessages {

    private final MediaConfig config;

    NodeMessages(MediaConfig config) {
        this.config = config;
    }

    StreamEndpoint endpoint(StreamSession s) {
        return new StreamEndpoint(s.streamId(), config.nodeId(), config.advertisedHost(), s.port(), s.transport(),
                s.pusher() == null ? null : s.pusher().url());
    }

    StreamStopped stopped(StreamSession s, String reason) {
        return new StreamStopped(s.streamId(), s.open().deviceId(), s.open().channelId(), config.nodeId(), reason,
                s.stats(), System.currentTimeMillis());
    }

    StreamStarted started(StreamSession s) {
        return new StreamStarted(s.streamId(), s.open().deviceId(), s.open().channelId(), config.nodeId(),
                s.codec().name(), s.width(), s.height(), System.currentTimeMillis());
    }

    StreamStalled stalled(StreamSession s, long silentMillis) {
        return new StreamStalled(s.streamId(), s.open().deviceId(), s.open().channelId(), config.nodeId(), silentMillis,
                System.currentTimeMillis());
    }

    /** The node's load: what the orchestrator picks the least loaded node by. */
    MediaNodeLoad load(Collection<StreamSession> streams, int freePorts, String httpBaseUrl) {
        int viewers = 0;
        long bitrate = 0;
        for (StreamSession s : streams) {
            viewers += s.viewers();
            bitrate += s.bitrateKbps();
        }
        return new MediaNodeLoad(config.nodeId(), config.advertisedHost(), httpBaseUrl, streams.size(), viewers,
                freePorts, bitrate, processCpuLoad(), System.currentTimeMillis());
    }

    private static double processCpuLoad() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return Math.max(0, os.getProcessCpuLoad());
        }
        return 0;
    }

    /** The reply failure code of a request that failed with {@code err}. */
    static int failureCode(Throwable err) {
        return err instanceof RtpPortPool.PortsExhaustedException ? MediaNodeFailure.NO_PORT
                : err instanceof MediaNodeVerticle.NoSuchStreamException ? MediaNodeFailure.UNKNOWN_STREAM
                : err instanceof IllegalArgumentException ? MediaNodeFailure.BAD_REQUEST
                : MediaNodeFailure.CONNECT_FAILED;
    }
}
