package io.gbmesh.protocol.sdp;

/**
 * The {@code t=} line. GB28181 uses Unix epoch seconds here, not NTP time: {@code 0 0} for live play,
 * the recording's start and end for playback and download (GB/T 28181-2016 §9.8, §9.9).
 */
public record Timing(long start, long stop) {

    public static final Timing UNBOUNDED = new Timing(0, 0);

    String encode() {
        return start + " " + stop;
    }
}
