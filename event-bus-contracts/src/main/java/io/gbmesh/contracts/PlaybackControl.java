package io.gbmesh.contracts;

/**
 * VCR control of a playback (GB/T 28181-2016 §9.8, annex B; reference 6.10), sent to
 * {@link Addresses#PLAYBACK_CONTROL}: the gateway holding the stream's dialog sends the device an
 * INFO with MANSRTSP. {@code scale} for {@link Action#SCALE} (0.25..8), {@code position} seconds
 * from the start of the range played for {@link Action#SEEK}. Reply: the same control with the
 * MANSRTSP {@code cseq} it went with; failures carry {@link QueryFailure} codes.
 */
public record PlaybackControl(String streamId, Action action, double scale, double position, long cseq)
        implements MeshMessage {
    public enum Action { PAUSE, RESUME, SCALE, SEEK }

    public PlaybackControl withCseq(long value) {
        return new PlaybackControl(streamId, action, scale, position, value);
    }
}
