package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.Codec;

/**
 * Reads the program stream map (ISO/IEC 13818-1 §2.5.4): the elementary stream map gives each
 * stream id its {@code stream_type}. Descriptors are skipped by their lengths, including the
 * vendor descriptors Hikvision puts in both loops (tags 0x40/0x41/0x42 "HK..."); the CRC is not
 * checked, since devices get it wrong and nothing depends on it.
 */
final class ProgramStreamMap {

    private ProgramStreamMap() {
    }

    /**
     * Applies the map at {@code a[p]} (start code included, {@code length} = PES_packet_length) to
     * {@code codecs}, indexed by stream id. Returns false, leaving {@code codecs} as they were, when
     * the map's inner lengths do not fit.
     */
    static boolean read(byte[] a, int p, int length, Codec[] codecs) {
        int end = p + 6 + length;
        int q = p + 8;
        if (q + 2 > end) {
            return false;
        }
        q += 2 + PsHeaders.u16(a, q);
        if (q + 2 > end) {
            return false;
        }
        int mapEnd = q + 2 + PsHeaders.u16(a, q);
        q += 2;
        // The CRC_32 follows the map; a map that claims to run into it is cut at the CRC.
        mapEnd = Math.min(mapEnd, end - 4);
        Codec[] found = new Codec[256];
        while (q + 4 <= mapEnd) {
            int streamType = a[q] & 0xFF;
            int streamId = a[q + 1] & 0xFF;
            found[streamId] = Codec.fromStreamType(streamType);
            q += 4 + PsHeaders.u16(a, q + 2);
        }
        for (int id = 0; id < 256; id++) {
            if (found[id] != null) {
                codecs[id] = found[id];
            }
        }
        return true;
    }
}
