package io.gbmesh.media.mp4;

import java.util.Arrays;

/**
 * Writes ISO base media file format boxes (ISO/IEC 14496-12 §4.2): {@link #open} a box by its type,
 * write its fields, {@link #close} it and its 32-bit size is filled in. Boxes nest.
 */
final class BoxWriter {
    private byte[] buf;
    private int length;
    private final int[] open = new int[16];
    private int depth;

    BoxWriter(int capacity) {
        buf = new byte[Math.max(64, capacity)];
    }

    BoxWriter open(String type) {
        open[depth++] = length;
        u32(0);
        return ascii(type);
    }

    /** A full box: its version and 24-bit flags after the type. */
    BoxWriter openFull(String type, int version, int flags) {
        return open(type).u8(version).u24(flags);
    }

    BoxWriter close() {
        int start = open[--depth];
        int size = length - start;
        buf[start] = (byte) (size >>> 24);
        buf[start + 1] = (byte) (size >>> 16);
        buf[start + 2] = (byte) (size >>> 8);
        buf[start + 3] = (byte) size;
        return this;
    }

    BoxWriter u8(int v) {
        ensure(1);
        buf[length++] = (byte) v;
        return this;
    }

    BoxWriter u16(int v) {
        return u8(v >>> 8).u8(v);
    }

    BoxWriter u24(int v) {
        return u8(v >>> 16).u8(v >>> 8).u8(v);
    }

    BoxWriter u32(long v) {
        return u16((int) (v >>> 16)).u16((int) v);
    }

    BoxWriter u64(long v) {
        return u32(v >>> 32).u32(v);
    }

    BoxWriter zeros(int n) {
        ensure(n);
        length += n;
        return this;
    }

    BoxWriter ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            u8(s.charAt(i));
        }
        return this;
    }

    BoxWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    BoxWriter bytes(byte[] b, int off, int len) {
        ensure(len);
        System.arraycopy(b, off, buf, length, len);
        length += len;
        return this;
    }

    /** The unity matrix of mvhd and tkhd (§8.2.2.2). */
    BoxWriter matrix() {
        return u32(0x00010000).u32(0).u32(0).u32(0).u32(0x00010000).u32(0).u32(0).u32(0).u32(0x40000000);
    }

    int position() {
        return length;
    }

    /** Overwrites a 32-bit field written earlier. */
    void patch32(int at, long v) {
        buf[at] = (byte) (v >>> 24);
        buf[at + 1] = (byte) (v >>> 16);
        buf[at + 2] = (byte) (v >>> 8);
        buf[at + 3] = (byte) v;
    }

    /** Room for {@code n} more bytes, written by the caller at {@link #position()} then {@link #skip}ped. */
    byte[] reserve(int n) {
        ensure(n);
        return buf;
    }

    void skip(int n) {
        length += n;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, length);
    }

    private void ensure(int n) {
        if (length + n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, length + n));
        }
    }
}
