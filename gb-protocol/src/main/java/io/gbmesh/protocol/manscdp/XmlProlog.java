package io.gbmesh.protocol.manscdp;

/**
 * Hand-written scans of the start of a body: the XML declaration, its encoding, and the root element's
 * name after comments and processing instructions. They replace regular expressions whose backtracking
 * recursed once per repetition (a body of {@code <??>} 15,000 times overflowed the stack); each scan
 * moves forward only, so its cost is linear in the body whatever a device sends.
 */
final class XmlProlog {
    private XmlProlog() {
    }

    /**
     * The name of the first element after whitespace, comments and processing instructions, or
     * null when there is none (not XML, or a comment or instruction that never ends).
     */
    static String rootName(String xml) {
        int i = 0;
        int n = xml.length();
        while (i < n) {
            char c = xml.charAt(i);
            if (isSpace(c)) {
                i++;
            } else if (xml.startsWith("<?", i)) {
                int end = xml.indexOf("?>", i + 2);
                if (end < 0) {
                    return null;
                }
                i = end + 2;
            } else if (xml.startsWith("<!--", i)) {
                int end = xml.indexOf("-->", i + 4);
                if (end < 0) {
                    return null;
                }
                i = end + 3;
            } else if (c == '<') {
                return name(xml, i + 1);
            } else {
                return null;
            }
        }
        return null;
    }

    private static String name(String xml, int from) {
        if (from >= xml.length() || !isNameStart(xml.charAt(from))) {
            return null;
        }
        int end = from + 1;
        while (end < xml.length() && isNameChar(xml.charAt(end))) {
            end++;
        }
        return xml.substring(from, end);
    }

    /** Offset just past a leading {@code <?xml ...?>} (case-insensitive), or 0 when there is none. */
    static int declarationEnd(String text) {
        if (!startsWithIgnoreCase(text, "<?xml")) {
            return 0;
        }
        for (int i = 5; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '>') {
                return text.charAt(i - 1) == '?' ? i + 1 : 0;
            }
        }
        return 0;
    }

    /**
     * The value of {@code encoding="..."} (or single quotes) inside a leading {@code <?xml ...>}, or
     * null. Only the declaration is looked at: it ends at the first {@code >}.
     */
    static String declaredEncoding(String prolog) {
        if (!startsWithIgnoreCase(prolog, "<?xml")) {
            return null;
        }
        int close = prolog.indexOf('>');
        String declaration = close < 0 ? prolog : prolog.substring(0, close);
        int at = indexOfIgnoreCase(declaration, "encoding", 5);
        while (at >= 0) {
            int i = at + "encoding".length();
            while (i < declaration.length() && isSpace(declaration.charAt(i))) {
                i++;
            }
            if (i < declaration.length() && declaration.charAt(i) == '=') {
                i++;
                while (i < declaration.length() && isSpace(declaration.charAt(i))) {
                    i++;
                }
                if (i < declaration.length() && (declaration.charAt(i) == '"' || declaration.charAt(i) == '\'')) {
                    int end = firstQuote(declaration, i + 1);
                    return end < 0 ? null : declaration.substring(i + 1, end);
                }
                return null;
            }
            at = indexOfIgnoreCase(declaration, "encoding", at + 1);
        }
        return null;
    }

    /**
     * True when a {@code <!DOCTYPE} or {@code <!ENTITY} appears anywhere (any case): a look at each
     * {@code <!} only, instead of an upper-cased copy of the whole body.
     */
    static boolean declaresDtd(String xml) {
        for (int i = xml.indexOf("<!"); i >= 0; i = xml.indexOf("<!", i + 2)) {
            if (xml.regionMatches(true, i + 2, "DOCTYPE", 0, 7) || xml.regionMatches(true, i + 2, "ENTITY", 0, 6)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Why the tags of the body are beyond reading, or null: an element name (after {@code <} or
     * {@code </}) longer than {@code maxName} characters, or more than {@code maxElements} start tags
     * and attributes.
     * MANSCDP names are words like {@code DeviceID} and a catalog page has a few hundred elements; a
     * name of thousands of characters or a body of thousands of empty elements is only there to make the
     * XML reader and the tree work, so it is refused by this scan before they start.
     */
    static String tagProblem(String xml, int maxName, int maxElements) {
        int n = xml.length();
        int elements = 0;
        int i = xml.indexOf('<');
        while (i >= 0) {
            if (xml.startsWith("<!--", i) || xml.startsWith("<![CDATA[", i) || xml.startsWith("<?", i)) {
                // what comments, CDATA sections and instructions hold is text, not tags
                String close = xml.startsWith("<!--", i) ? "-->" : xml.startsWith("<?", i) ? "?>" : "]]>";
                int end = xml.indexOf(close, i + 2);
                if (end < 0) {
                    return null;
                }
                i = xml.indexOf('<', end + close.length());
                continue;
            }
            boolean closing = i + 1 < n && xml.charAt(i + 1) == '/';
            int from = closing ? i + 2 : i + 1;
            int end = from;
            while (end < n && end - from <= maxName && !isNameEnd(xml.charAt(end))) {
                end++;
            }
            if (end - from > maxName) {
                return "element name longer than " + maxName + " characters: " + xml.substring(from, from + 40) + "...";
            }
            int next = xml.indexOf('<', Math.max(i + 1, end));
            if (!closing && end > from) {
                // the start tag and its attributes (each an element of the tree): one '=' each, up to the
                // next '<' at most, so that every character is looked at once
                elements++;
                for (int k = end, stop = next < 0 ? n : next; k < stop && xml.charAt(k) != '>'; k++) {
                    if (xml.charAt(k) == '=') {
                        elements++;
                    }
                }
                if (elements > maxElements) {
                    return "too many elements: more than " + maxElements;
                }
            }
            i = next;
        }
        return null;
    }

    private static boolean isNameEnd(char c) {
        return c == '>' || c == '/' || c == '<' || c == '=' || c <= ' ' || (c >= 0x80 && Character.isWhitespace(c));
    }

    private static int firstQuote(String s, int from) {
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == '"' || s.charAt(i) == '\'') {
                return i;
            }
        }
        return -1;
    }

    private static boolean startsWithIgnoreCase(String s, String prefix) {
        return s.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    private static int indexOfIgnoreCase(String s, String word, int from) {
        for (int i = from; i + word.length() <= s.length(); i++) {
            if (s.regionMatches(true, i, word, 0, word.length())) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || Character.isWhitespace(c);
    }

    private static boolean isNameStart(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    }

    private static boolean isNameChar(char c) {
        return isNameStart(c) || (c >= '0' && c <= '9') || c == '.' || c == '-';
    }
}
