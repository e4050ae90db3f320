package io.gbmesh.media.mux;

import io.gbmesh.protocol.media.Codec;

import java.util.Arrays;

/**
 * ADTS, the framing of AAC in a program stream (ISO/IEC 13818-7 §6.2.1): each raw AAC frame behind
 * a 7-byte header (9 with a CRC) that holds its length, profile, sampling rate and channels.
 * Containers with an AudioSpecificConfig carry the raw frames without these headers.
 */
public final class Adts {

    public static final int SAMPLES_PER_FRAME = 1024;
    private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025,
            8000, 7350};

    private Adts() {
    }

    /** The configuration of the first ADTS header of {@code data}, or null when there is none. */
    static AudioConfig config(byte[] data) {
        if (!header(data, 0)) {
            return null;
        }
        int profile = (data[2] >> 6) & 0x03; // audio object type − 1
        int rateIndex = (data[2] >> 2) & 0x0F;
        int channels = ((data[2] & 0x01) << 2) | ((data[3] >> 6) & 0x03);
        if (rateIndex >= RATES.length || channels == 0) {
            return null;
        }
        // AudioSpecificConfig: audioObjectType(5) samplingFrequencyIndex(4) channelConfiguration(4) 0(3)
        byte[] asc = {(byte) (((profile + 1) << 3) | (rateIndex >> 1)), (byte) (((rateIndex & 1) << 7) | (channels << 3))};
        return new AudioConfig(Codec.AAC, RATES[rateIndex], channels, asc);
    }

    private static boolean header(byte[] a, int at) {
        return at + 7 <= a.length && (a[at] & 0xFF) == 0xFF && (a[at + 1] & 0xF6) == 0xF0;
    }

    /**
     * The raw frames of a PES payload of ADTS frames, as [start, end) pairs; a frame whose header is
     * broken or whose length runs past the payload ends the list.
     */
    public static int[] rawFrames(byte[] data) {
        int[] out = new int[8];
        int count = 0;
        int at = 0;
        while (header(data, at)) {
            int length = ((data[at + 3] & 0x03) << 11) | ((data[at + 4] & 0xFF) << 3) | ((data[at + 5] & 0xFF) >> 5);
            int headerLength = (data[at + 1] & 0x01) == 1 ? 7 : 9;
            if (length <= headerLength || at + length > data.length) {
                break;
            }
            if (count * 2 + 2 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[count * 2] = at + headerLength;
            out[count * 2 + 1] = at + length;
            count++;
            at += length;
        }
        return Arrays.copyOf(out, count * 2);
    }
}
