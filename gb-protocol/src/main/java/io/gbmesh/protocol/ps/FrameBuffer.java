package io.gbmesh.protocol.ps;

import java.util.Arrays;

/** A growable byte buffer reused from frame to frame, so that the steady state allocates only the frames. */
final class FrameBuffer {

    private byte[] bytes;
    private int size;

    FrameBuffer(int initialCapacity) {
        bytes = new byte[initialCapacity];
    }

    void append(byte[] src, int off, int len) {
        if (size + len > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + len, bytes.length * 2));
        }
        System.arraycopy(src, off, bytes, size, len);
        size += len;
    }

    int size() {
        return size;
    }

    byte[] array() {
        return bytes;
    }

    byte[] toArray() {
        return Arrays.copyOf(bytes, size);
    }

    void clear() {
        size = 0;
    }

    /** Keeps only {@code [from, size)}, moved to the front. */
    void discardBefore(int from) {
        System.arraycopy(bytes, from, bytes, 0, size - from);
        size -= from;
    }

    /** Gives back memory after an unusually large frame. */
    void shrinkTo(int capacity) {
        if (bytes.length > capacity && size <= capacity) {
            bytes = Arrays.copyOf(bytes, capacity);
        }
    }
}
