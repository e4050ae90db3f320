package io.gbmesh.media.flv;

import io.gbmesh.media.mux.Adts;
import io.gbmesh.media.mux.AudioConfig;
import io.gbmesh.protocol.media.Codec;

import java.util.function.Consumer;

/**
 * FLV audio tags (Adobe FLV file format specification v10.1, annex E.4.2.1): G.711 A-law and mu-law
 * as SoundFormat 7 and 8 (8 kHz, which the format implies for them), AAC as SoundFormat 10 with an
 * AACPacketType: 0 for the AudioSpecificConfig (the audio's sequence header), 1 for each raw frame,
 * its ADTS header taken off.
 */
final class FlvAudio {

    static final int TAG_AUDIO = 8;
    private static final int AAC_HEADER = 0xAF; // AAC, 44 kHz, 16-bit, stereo: fixed for AAC (E.4.2.1)
    private static final int AAC_SEQUENCE_HEADER = 0;
    private static final int AAC_RAW = 1;

    private FlvAudio() {
    }

    /** The SoundFormat byte: format, rate (0 for G.711, whose rate is implied), 16-bit, mono. */
    private static int soundHeader(Codec codec) {
        return switch (codec) {
            case G711A -> 0x72;
            case G711U -> 0x82;
            default -> AAC_HEADER;
        };
    }

    /** The AAC sequence header tag, or null for G.711, which has none. */
    static byte[] sequenceHeader(AudioConfig config, long timestampMs) {
        if (config.codec() != Codec.AAC) {
            return null;
        }
        byte[] asc = config.specificConfig();
        return tag(AAC_HEADER, AAC_SEQUENCE_HEADER, asc, 0, asc.length, timestampMs);
    }

    /** Tags of one audio PES payload: one for G.711, one per raw frame for AAC (each 1024 samples later). */
    static void tags(AudioConfig config, byte[] payload, long timestampMs, Consumer<byte[]> out) {
        if (config.codec() != Codec.AAC) {
            out.accept(tag(soundHeader(config.codec()), -1, payload, 0, payload.length, timestampMs));
            return;
        }
        int[] frames = Adts.rawFrames(payload);
        for (int i = 0; i < frames.length; i += 2) {
            long ts = timestampMs + (long) (i / 2) * Adts.SAMPLES_PER_FRAME * 1000 / config.sampleRate();
            out.accept(tag(AAC_HEADER, AAC_RAW, payload, frames[i], frames[i + 1] - frames[i], ts));
        }
    }

    /** An audio tag: the sound header byte, the AACPacketType when not negative, the body, PreviousTagSize. */
    private static byte[] tag(int soundHeader, int aacPacketType, byte[] src, int off, int len, long timestampMs) {
        int head = aacPacketType >= 0 ? 2 : 1;
        int dataSize = head + len;
        byte[] t = new byte[11 + dataSize + 4];
        t[0] = TAG_AUDIO;
        t[1] = (byte) (dataSize >>> 16);
        t[2] = (byte) (dataSize >>> 8);
        t[3] = (byte) dataSize;
        t[4] = (byte) (timestampMs >>> 16);
        t[5] = (byte) (timestampMs >>> 8);
        t[6] = (byte) timestampMs;
        t[7] = (byte) (timestampMs >>> 24);
        t[11] = (byte) soundHeader;
        if (aacPacketType >= 0) {
            t[12] = (byte) aacPacketType;
        }
        System.arraycopy(src, off, t, 11 + head, len);
        int previousTagSize = 11 + dataSize;
        int p = 11 + dataSize;
        t[p] = (byte) (previousTagSize >>> 24);
        t[p + 1] = (byte) (previousTagSize >>> 16);
        t[p + 2] = (byte) (previousTagSize >>> 8);
        t[p + 3] = (byte) previousTagSize;
        return t;
    }
}
