package io.gbmesh.media;

/**
 * An HTTP {@code Range} header (RFC 9110 §14.1.2) of one byte range, read against a file's size.
 */
final class ByteRange {
    private ByteRange() {
    }

    /**
     * {@code {first, last}} (inclusive) for a satisfiable single range; an empty array for no header (or
     * one this does not read: several ranges, another unit), which is answered with the whole file;
     * null for a range outside the file (416).
     */
    static long[] parse(String header, long size) {
        if (header == null || !header.startsWith("bytes=") || header.indexOf(',') >= 0) {
            return new long[0];
        }
        String spec = header.substring(6).strip();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return new long[0];
        }
        try {
            String a = spec.substring(0, dash).strip();
            String b = spec.substring(dash + 1).strip();
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return new long[0];
                }
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || size == 0) {
                    return null;
                }
                return new long[] {Math.max(0, size - suffix), size - 1};
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? size - 1 : Math.min(Long.parseLong(b), size - 1);
            if (first >= size || last < first) {
                return null;
            }
            return new long[] {first, last};
        } catch (NumberFormatException e) {
            return new long[0];
        }
    }
}
