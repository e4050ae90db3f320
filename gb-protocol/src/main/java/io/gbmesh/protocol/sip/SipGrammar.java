package io.gbmesh.protocol.sip;

import java.util.List;
import java.util.Set;

/**
 * The RFC 3261 §25 grammar checks that a request must pass before anyone answers it with a {@code 2xx}.
 * The parser stays tolerant where real devices need it (bare LF, folding, compact and mixed-case names,
 * a missing Max-Forwards); what it refuses here is what no device needs and what lets a forged request
 * mean two things to two parsers: stray whitespace in the request line, control characters, two
 * different values for a header that has one.
 */
final class SipGrammar {
    /** Headers that have one value (RFC 3261 §7.3.1: only list headers may repeat). */
    private static final Set<String> SINGLE_VALUED = Set.of(
            "call-id", "cseq", "from", "to", "content-length", "max-forwards", "content-type", "expires");

    private SipGrammar() {
    }

    /** Why the line holds a control character (RFC 3261 §25.1: only HTAB among them), or null. */
    static String controlCharacter(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7F) {
                return "control character 0x" + Integer.toHexString(c) + " in " + SipUri.abbreviate(printable(line));
            }
        }
        return null;
    }

    /**
     * Request-Line = Method SP Request-URI SP SIP-Version CRLF (RFC 3261 §25.1): exactly one space
     * between the three parts and nothing around them. Returns the violation, or null.
     */
    static String requestLineViolation(String line) {
        if (line.indexOf('\t') >= 0) {
            return "tab in the request line";
        }
        int sp1 = line.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : line.indexOf(' ', sp1 + 1);
        if (sp1 <= 0 || sp2 <= sp1 + 1 || sp2 == line.length() - 1 || line.indexOf(' ', sp2 + 1) >= 0) {
            return "request line is not METHOD SP Request-URI SP SIP/2.0";
        }
        return null;
    }

    /** Splits a request line at runs of spaces and tabs, ignoring them around it, for a lenient read. */
    static String[] lenientParts(String line) {
        String[] parts = new String[3];
        int count = 0;
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isBlank(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && !isBlank(line.charAt(i))) {
                i++;
            }
            if (count == 3) {
                return null;
            }
            parts[count++] = line.substring(start, i);
        }
        return count == 3 ? parts : null;
    }

    /**
     * The violations of the header section that the request itself could still be answered for:
     * a single-valued header given twice with different values, a bad Max-Forwards or Call-ID.
     */
    static String headerViolation(List<SipHeader> headers) {
        // the first value of each single-valued header seen so far, in two small arrays rather than a
        // map per message; every header's key is read once
        String[] keys = new String[SINGLE_VALUED.size()];
        String[] values = new String[keys.length];
        int seen = 0;
        for (SipHeader h : headers) {
            String key = h.key();
            if (!SINGLE_VALUED.contains(key)) {
                continue;
            }
            int k = 0;
            while (k < seen && !keys[k].equals(key)) {
                k++;
            }
            if (k < seen) {
                if (!values[k].equals(h.value())) {
                    return "two different " + SipHeaderNames.canonical(key) + " headers";
                }
            } else {
                keys[seen] = key;
                values[seen++] = h.value();
            }
        }
        for (int k = 0; k < seen; k++) {
            if (keys[k].equals("max-forwards") && !isDigits(values[k], 3)) {
                return "bad Max-Forwards: " + SipUri.abbreviate(values[k]);
            }
        }
        for (int k = 0; k < seen; k++) {
            if (keys[k].equals("call-id") && !isCallId(values[k])) {
                return "bad Call-ID: " + SipUri.abbreviate(values[k]);
            }
        }
        return null;
    }

    /** 1*DIGIT of at most {@code maxDigits} digits (RFC 3261 §20.22 Max-Forwards, §20.14 Content-Length). */
    static boolean isDigits(String s, int maxDigits) {
        if (s.isEmpty() || s.length() > maxDigits) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /** callid = word [ "@" word ] (RFC 3261 §25.1). */
    static boolean isCallId(String s) {
        int at = s.indexOf('@');
        if (at < 0) {
            return isWord(s, 0, s.length());
        }
        return isWord(s, 0, at) && isWord(s, at + 1, s.length());
    }

    private static boolean isWord(String s, int from, int to) {
        if (from >= to) {
            return false;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            boolean ok = Tokens.isTokenChar(c) || "()<>:\\\"/[]?{}".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), 48));
        for (int i = 0; i < s.length() && sb.length() < 48; i++) {
            char c = s.charAt(i);
            sb.append(c < 0x20 || c == 0x7F ? '?' : c);
        }
        return sb.toString();
    }
}
