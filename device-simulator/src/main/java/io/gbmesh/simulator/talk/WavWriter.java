package io.gbmesh.simulator.talk;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Writes G.711 as it is received into a WAV file (format 6 A-law or 7 mu-law, 8 kHz mono, 8 bits a
 * sample), the RIFF and data sizes filled in when it is closed, so that any player or ffprobe reads it.
 */
final class WavWriter implements AutoCloseable {
    private final RandomAccessFile file;
    private long dataBytes;

    WavWriter(Path path, boolean alaw) throws IOException {
        file = new RandomAccessFile(path.toFile(), "rw");
        file.setLength(0);
        byte[] header = new byte[46];
        put(header, 0, "RIFF");
        put(header, 8, "WAVE");
        put(header, 12, "fmt ");
        le32(header, 16, 18);
        le16(header, 20, alaw ? 6 : 7);
        le16(header, 22, 1);
        le32(header, 24, 8000);
        le32(header, 28, 8000);
        le16(header, 32, 1);
        le16(header, 34, 8);
        le16(header, 36, 0);
        put(header, 38, "data");
        file.write(header);
    }

    void write(byte[] payload) throws IOException {
        file.write(payload);
        dataBytes += payload.length;
    }

    long dataBytes() {
        return dataBytes;
    }

    @Override
    public void close() throws IOException {
        byte[] size = new byte[4];
        le32(size, 0, (int) (dataBytes + 38));
        file.seek(4);
        file.write(size);
        le32(size, 0, (int) dataBytes);
        file.seek(42);
        file.write(size);
        file.close();
    }

    private static void put(byte[] b, int off, String ascii) {
        for (int i = 0; i < ascii.length(); i++) {
            b[off + i] = (byte) ascii.charAt(i);
        }
    }

    private static void le16(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >> 8);
    }

    private static void le32(byte[] b, int off, int v) {
        le16(b, off, v);
        le16(b, off + 2, v >> 16);
    }
}
