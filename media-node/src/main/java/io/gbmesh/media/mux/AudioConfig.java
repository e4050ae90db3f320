package io.gbmesh.media.mux;

import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;

/**
 * The set-up of a stream's audio as containers carry it: G.711 A-law or mu-law (ITU-T G.711, 8 kHz,
 * one byte a sample, as GB/T 28181 annex C carries it), or AAC, whose PES payloads are ADTS frames
 * (ISO/IEC 13818-7 §6.2) and whose AudioSpecificConfig (ISO/IEC 14496-3 §1.6.2.1) is read from the
 * first ADTS header.
 *
 * @param specificConfig AAC's AudioSpecificConfig; null for G.711
 */
public record AudioConfig(Codec codec, int sampleRate, int channels, byte[] specificConfig) {

    /** The G.711 rate: GB/T 28181 audio is 8 kHz mono. */
    public static final int G711_RATE = 8000;

    /** The configuration of an audio frame, or null when it is no audio a container here carries, or damaged. */
    public static AudioConfig of(MediaFrame frame) {
        if (frame.codec() == Codec.G711A || frame.codec() == Codec.G711U) {
            return new AudioConfig(frame.codec(), G711_RATE, 1, null);
        }
        if (frame.codec() == Codec.AAC) {
            return Adts.config(frame.data());
        }
        return null;
    }

    /** Whether another frame's configuration is this one (for AAC: the same AudioSpecificConfig). */
    public boolean sameAs(AudioConfig other) {
        return other != null && codec == other.codec && sampleRate == other.sampleRate && channels == other.channels
                && java.util.Arrays.equals(specificConfig, other.specificConfig);
    }

    /** Samples in one frame's payload: G.711 a byte a sample, AAC 1024 per raw frame. */
    public int samplesOf(int payloadBytes) {
        return codec == Codec.AAC ? Adts.SAMPLES_PER_FRAME : payloadBytes / Math.max(1, channels);
    }
}
