package io.gbmesh.contracts;

/** What a media node publishes periodically ({@link Addresses#MEDIA_LOAD}) so the orchestrator picks the least loaded. */
public record MediaNodeLoad(String nodeId, String host, String httpBaseUrl, int streams, int viewers, int freePorts,
                            long bitrateKbps, double cpuLoad, long at) implements MeshMessage {
}
