package io.gbmesh.protocol.sip;

import java.util.ArrayList;
import java.util.List;

/** Small lexical helpers shared by the header value parsers (RFC 3261 §25.1). */
final class Tokens {
    private Tokens() {
    }

    /** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") (RFC 3261 §25.1). */
    static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTokenChar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    static boolean isTokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "-.!%*_+`'~".indexOf(c) >= 0;
    }

    static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    /**
     * A host (RFC 3261 §25.1): a name or IPv4 address of letters, digits, '-', '.' (and '_', which
     * some devices use), or an IPv6 reference in brackets. Anything else could not be written back
     * into a Via, a URI or a name-addr and read the same.
     */
    static boolean isHost(String s) {
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            for (int i = 1; i < s.length() - 1; i++) {
                char c = s.charAt(i);
                if (!(Character.digit(c, 16) >= 0 || c == ':' || c == '.')) {
                    return false;
                }
            }
            return true;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_')) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /**
     * A character no URI and no unquoted parameter value contains (RFC 3986 §2, RFC 3261 §25.1):
     * a quote, angle brackets, a comma list separator, whitespace or a control character. Each would
     * change how the value is read back once written into a header.
     */
    static boolean isDelimiterOrControl(char c) {
        return c == '"' || c == '<' || c == '>' || c == ',' || c <= ' ' || c == 0x7F;
    }

    /** Index of the closing quote of the quoted string starting at {@code start}, or -1. */
    static int endOfQuoted(String s, int start) {
        for (int i = start + 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        return -1;
    }

    static String unquote(String v) {
        if (v.length() >= 2 && v.charAt(0) == '"' && v.charAt(v.length() - 1) == '"') {
            String inner = v.substring(1, v.length() - 1);
            if (inner.indexOf('\\') < 0) {
                return inner;
            }
            StringBuilder sb = new StringBuilder(inner.length());
            for (int i = 0; i < inner.length(); i++) {
                char c = inner.charAt(i);
                if (c == '\\' && i + 1 < inner.length()) {
                    c = inner.charAt(++i);
                }
                sb.append(c);
            }
            return sb.toString();
        }
        return v;
    }

    /** Splits a comma-joined header value, respecting quoted strings and {@code <...>}. */
    static List<String> splitList(String value) throws SipParseException {
        List<String> parts = new ArrayList<>(2);
        int depth = 0;
        int start = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                int end = endOfQuoted(value, i);
                if (end < 0) {
                    throw new SipParseException(SipParseException.Kind.BAD_VALUE, "unterminated quoted string");
                }
                i = end;
            } else if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth = Math.max(0, depth - 1);
            } else if (c == ',' && depth == 0) {
                addPart(parts, value.substring(start, i));
                start = i + 1;
            }
        }
        addPart(parts, value.substring(start));
        return parts;
    }

    private static void addPart(List<String> parts, String part) {
        String t = part.trim();
        if (!t.isEmpty()) {
            parts.add(t);
        }
    }

    static int parsePort(String s) throws SipParseException {
        try {
            int port = Integer.parseInt(s.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad port " + s);
        }
    }
}
