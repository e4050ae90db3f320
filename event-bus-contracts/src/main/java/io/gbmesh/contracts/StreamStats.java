package io.gbmesh.contracts;

/** Counters of one stream. {@code ssrcMismatch}: the device sent another SSRC than the one answered. */
public record StreamStats(long packets, long bytes, long lost, long late, long reordered, long foreignSsrcDropped,
                          boolean ssrcMismatch, String receivedSsrc, long frames, long keyFrames, long bitrateKbps,
                          int viewers) {
}
