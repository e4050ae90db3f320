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
    private static final int MAX_PART_HEADERS = 8192;

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
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(body, delimiter, 0);
        while (at >= 0) {
            int partStart = at + delimiter.length;
            if (partStart + 2 <= body.length && body[partStart] == '-' && body[partStart + 1] == '-') {
                return null; // the closing delimiter
            }
            int headersEnd = indexOf(body, new byte[] {'\r', '\n', '\r', '\n'}, partStart);
            int separator = 4;
            int lf = indexOf(body, new byte[] {'\n', '\n'}, partStart);
            if (headersEnd < 0 || (lf >= 0 && lf < headersEnd)) {
                headersEnd = lf; // a device that ends its lines with LF alone
                separator = 2;
            }
            if (headersEnd < 0 || headersEnd - partStart > MAX_PART_HEADERS) {
                return null;
            }
            int next = indexOf(body, delimiter, headersEnd + separator);
            int dataStart = headersEnd + separator;
            int dataEnd = next < 0 ? body.length : next;
            // the line end before the next delimiter belongs to the delimiter
            if (dataEnd - 1 >= dataStart && body[dataEnd - 1] == '\n') {
                dataEnd--;
                if (dataEnd - 1 >= dataStart && body[dataEnd - 1] == '\r') {
                    dataEnd--;
                }
            }
            if (isJpeg(body, dataStart, dataEnd)) {
                String headers = new String(body, partStart, headersEnd - partStart, StandardCharsets.UTF_8);
                Matcher f = FILENAME.matcher(headers);
                byte[] jpeg = new byte[dataEnd - dataStart];
                System.arraycopy(body, dataStart, jpeg, 0, jpeg.length);
                return new Picture(jpeg, f.find() ? f.group(1).trim() : null);
            }
            at = next;
        }
        return null;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i <= haystack.length - needle.length; i++) {
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
