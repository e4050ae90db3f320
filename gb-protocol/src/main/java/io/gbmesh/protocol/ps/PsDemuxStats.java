package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.Codec;

import java.util.Map;

/**
 * What a {@link PsDemuxer} has seen so far, as a snapshot.
 *
 * @param packs          pack headers parsed
 * @param framesByCodec  frames emitted, per codec
 * @param bytesOut       access-unit bytes emitted
 * @param resyncs        times the byte stream was out of step and a start code was searched for
 * @param skippedBytes   bytes passed over while searching for a start code
 * @param droppedFrames  frames not emitted: damaged by a discontinuity, or over the size limit
 * @param droppedBytes   payload bytes thrown away with dropped frames or unusable PES packets
 * @param oversizeFrames frames dropped for exceeding the size limit (included in droppedFrames)
 */
public record PsDemuxStats(long packs, Map<Codec, Long> framesByCodec, long bytesOut, long resyncs,
                           long skippedBytes, long droppedFrames, long droppedBytes, long oversizeFrames) {

    public PsDemuxStats {
        framesByCodec = Map.copyOf(framesByCodec);
    }

    public long frames(Codec codec) {
        return framesByCodec.getOrDefault(codec, 0L);
    }

    public long frames() {
        return framesByCodec.values().stream().mapToLong(Long::longValue).sum();
    }
}
