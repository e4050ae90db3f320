package io.gbmesh.protocol.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SDP values at runs of whitespace without a regular expression: a forward scan, linear in the
 * line whatever a device sends. Same result as {@code split("\\s+")}: a leading run gives an empty first
 * field, trailing runs give nothing.
 */
final class SdpFields {
    private SdpFields() {
    }

    static String[] split(String value) {
        return split(value, Integer.MAX_VALUE);
    }

    /** At most {@code limit} fields; the last one is the rest of the value after the separating run. */
    static String[] split(String value, int limit) {
        List<String> fields = new ArrayList<>(6);
        int n = value.length();
        int start = 0;
        int i = 0;
        while (i < n) {
            if (!isSpace(value.charAt(i))) {
                i++;
                continue;
            }
            if (fields.size() == limit - 1) {
                break;
            }
            int runEnd = i;
            while (runEnd < n && isSpace(value.charAt(runEnd))) {
                runEnd++;
            }
            if (runEnd == n) {
                break;
            }
            fields.add(value.substring(start, i));
            start = runEnd;
            i = runEnd;
            if (fields.size() == limit - 1) {
                break; // the rest is the last field: no need to scan it
            }
        }
        String last = fields.size() == limit - 1 ? value.substring(start) : value.substring(start, i);
        if (!last.isEmpty() || fields.isEmpty()) {
            fields.add(last);
        }
        return fields.toArray(new String[0]);
    }

    /** True when the value is exactly {@code count} ASCII digits. */
    static boolean isDigits(String value, int count) {
        if (value == null || value.length() != count) {
            return false;
        }
        for (int i = 0; i < count; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0B || c == '\f' || c == '\r';
    }
}
