package io.gbmesh.api.snapshots;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JPEG in an upload, as devices send it (reference 4.8): a {@code multipart/form-data} body with a
 * {@code SessionID} field and a file part named like {@code 3402...00000.jpg}, or the picture as the raw
 * body. Liberal in what it reads (any part that is a JPEG, any content type on a raw body), strict in
 * what it takes: only bytes that start as a JPEG does ({@code FF D8 FF}).
 */
final class JpegBody {
    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern FILENAME = Pattern.compile("(?i)filename=\"?([^\";\\r\\n]*)\"?");
    /** The most bytes of headers a part may have: its blank line is looked for only that far. */
    private static final int MAX_PART_HEADERS = 8192;
    /** The most parts read before a form is given up (a device sends two: its SessionID and the picture). */
    static final int MAX_PARTS = 64;
    /** The longest boundary (RFC 2046: 70 characters); the delimiter search is linear times its length. */
    private static final int MAX_BOUNDARY = 70;

    /** The picture and the file name it came with (null when none). */
    record Picture(byte[] jpeg, String fileName) {
    }

    private JpegBody() {
    }

    /** The JPEG of an upload, or null when it holds none. */
    static Picture extract(String contentType, byte[] body) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("multipart/")) {
            Matcher m = BOUNDARY.matcher(contentType);
            return m.find() ? fromMultipart(body, m.group(2) != null ? m.group(2) : m.group(3)) : null;
        }
        return isJpeg(body, 0, body.length) ? new Picture(body, null) : null;
    }

    static boolean isJpeg(byte[] b, int from, int to) {
        return to - from >= 4 && (b[from] & 0xff) == 0xFF && (b[from + 1] & 0xff) == 0xD8 && (b[from + 2] & 0xff) == 0xFF;
    }

    private static Picture fromMultipart(byte[] body, String boundary) {
        if (boundary.isEmpty() || boundary.length() > MAX_BOUNDARY) {
            return null;
        }
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0, body.length);
        // every search starts where the previous one ended and a part's headers are looked for only in
        // a bounded window: the parse is linear in the body whatever its shape
        for (int parts = 0; at >= 0; parts++) {
            if (parts >= MAX_PARTS) {
                return null;
            }
            int partStart = at + delimiter.length;
            if (partStart + 2 <= body.length && body[partStart] == '-' && body[partStart + 1] == '-') {
                return null; // the closing delimiter
            }
            int[] end = headersEnd(body, partStart, Math.min(body.length, partStart + MAX_PART_HEADERS + 4));
            if (end == null) {
                return null;
            }
            int dataStart = end[0] + end[1];
            int next = indexOf(body, delimiter, dataStart, body.length);
            int dataEnd = next < 0 ? body.length : next;
            // the line end before the next delimiter belongs to the delimiter
            if (dataEnd - 1 >= dataStart && body[dataEnd - 1] == '\n') {
                dataEnd--;
                if (dataEnd - 1 >= dataStart && body[dataEnd - 1] == '\r') {
                    dataEnd--;
                }
            }
            if (isJpeg(body, dataStart, dataEnd)) {
                String headers = new String(body, partStart, end[0] - partStart, StandardCharsets.UTF_8);
                Matcher f = FILENAME.matcher(headers);
                byte[] jpeg = new byte[dataEnd - dataStart];
                System.arraycopy(body, dataStart, jpeg, 0, jpeg.length);
                return new Picture(jpeg, f.find() ? f.group(1).trim() : null);
            }
            at = next;
        }
        return null;
    }

    /**
     * Where a part's headers end, looked for from {@code from} up to {@code to}: the offset of the blank
     * line and the length of its separator (CRLFCRLF, or LFLF of a device that ends its lines with LF
     * alone), whichever comes first; null when there is none in the window.
     */
    private static int[] headersEnd(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != '\n') {
                continue;
            }
            if (i + 1 < to && b[i + 1] == '\n') {
                return i > from && b[i - 1] == '\r' ? new int[] {i - 1, 3} : new int[] {i, 2};
            }
            if (i + 2 < to && b[i + 1] == '\r' && b[i + 2] == '\n') {
                return i > from && b[i - 1] == '\r' ? new int[] {i - 1, 4} : new int[] {i, 3};
            }
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from, int to) {
        outer:
        for (int i = Math.max(0, from); i <= to - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
