package io.gbmesh.protocol.sip;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ;name=value} parameters of a URI or header value, in order. Names are compared
 * without case (RFC 3261 §7.3.1); a flag parameter ({@code ;rport}) has a {@code null} value.
 * Kept as one array of names (lower case) and values side by side: a SIP message has a few
 * parameters per header and every message parses several, so no map is made unless asked for.
 */
public final class Parameters {
    public static final Parameters EMPTY = new Parameters(new String[0], 0);

    /** name0, value0, name1, value1, ...: each name once, in the order first seen */
    private final String[] pairs;
    private final int size;

    private Parameters(String[] pairs, int size) {
        this.pairs = pairs;
        this.size = size;
    }

    /** Collects parameters as parsed: a repeated name keeps its first place and takes the last value. */
    private static final class Collector {
        private String[] pairs = new String[8];
        private int size;

        void put(String name, String value) {
            for (int i = 0; i < size; i++) {
                if (pairs[2 * i].equals(name)) {
                    pairs[2 * i + 1] = value;
                    return;
                }
            }
            if (2 * size + 2 > pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[2 * size] = name;
            pairs[2 * size + 1] = value;
            size++;
        }

        Parameters build() {
            return size == 0 ? EMPTY : new Parameters(pairs, size);
        }
    }

    private static Collector collector(Parameters from) {
        Collector c = new Collector();
        for (int i = 0; i < from.size; i++) {
            c.put(from.pairs[2 * i], from.pairs[2 * i + 1]);
        }
        return c;
    }

    private int indexOf(String lowerName) {
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equals(lowerName)) {
                return i;
            }
        }
        return -1;
    }

    /** Parses {@code ;a=1;b;c="x;y"} (the leading semicolon optional). */
    static Parameters parse(String text) throws SipParseException {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Collector map = new Collector();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == ';' || c == ' ' || c == '\t') {
                i++;
                continue;
            }
            int nameStart = i;
            while (i < n && text.charAt(i) != '=' && text.charAt(i) != ';') {
                i++;
            }
            String name = text.substring(nameStart, i).trim().toLowerCase(Locale.ROOT);
            String value = null;
            if (i < n && text.charAt(i) == '=') {
                i++;
                while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                    i++;
                }
                if (i < n && text.charAt(i) == '"') {
                    int end = Tokens.endOfQuoted(text, i);
                    if (end < 0) {
                        throw new SipParseException(SipParseException.Kind.BAD_VALUE, "unterminated quoted parameter " + name);
                    }
                    value = text.substring(i, end + 1);
                    i = end + 1;
                    while (i < n && text.charAt(i) != ';') {
                        i++;
                    }
                } else {
                    int valueStart = i;
                    while (i < n && text.charAt(i) != ';') {
                        i++;
                    }
                    value = text.substring(valueStart, i).trim();
                    for (int k = 0; k < value.length(); k++) {
                        if (Tokens.isDelimiterOrControl(value.charAt(k)) && value.charAt(k) != ' ' && value.charAt(k) != '\t') {
                            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad value of parameter " + SipUri.abbreviate(name));
                        }
                    }
                }
            }
            if (name.isEmpty()) {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "empty parameter name");
            }
            if (!Tokens.isToken(name)) {
                // RFC 3261 §25.1: a name is a token; a quote or bracket in one would be read back otherwise
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad parameter name " + SipUri.abbreviate(name));
            }
            map.put(name, value);
        }
        return map.build();
    }

    /**
     * Parses the parameters of a header value after a name-addr (RFC 3261 §25.1:
     * {@code *( SEMI generic-param )}, {@code generic-param = token [ EQUAL gen-value ]}). Strict: an empty
     * parameter (a trailing or doubled semicolon) or anything that is not a parameter is refused. One
     * tolerance: the first semicolon may be missing after blanks, as a folded line starting the
     * parameters reads once unfolded.
     */
    static Parameters parseHeaderParameters(String text) throws SipParseException {
        int n = text.length();
        int i = skipBlanks(text, 0);
        if (i == n) {
            return EMPTY;
        }
        if (text.charAt(i) == ';') {
            i++;
        } else if (i == 0) {
            throw bad("text after the address: " + SipUri.abbreviate(text));
        }
        Collector map = new Collector();
        while (true) {
            i = skipBlanks(text, i);
            int nameStart = i;
            while (i < n && Tokens.isTokenChar(text.charAt(i))) {
                i++;
            }
            if (i == nameStart) {
                throw bad("empty or bad parameter in " + SipUri.abbreviate(text));
            }
            String name = text.substring(nameStart, i).toLowerCase(Locale.ROOT);
            String value = null;
            i = skipBlanks(text, i);
            if (i < n && text.charAt(i) == '=') {
                i = skipBlanks(text, i + 1);
                int valueStart = i;
                if (i < n && text.charAt(i) == '"') {
                    int end = Tokens.endOfQuoted(text, i);
                    if (end < 0) {
                        throw bad("unterminated quoted parameter " + name);
                    }
                    i = end + 1;
                } else {
                    while (i < n && isValueChar(text.charAt(i))) {
                        i++;
                    }
                }
                if (i == valueStart) {
                    throw bad("parameter " + name + " without value");
                }
                value = text.substring(valueStart, i);
            }
            map.put(name, value);
            i = skipBlanks(text, i);
            if (i == n) {
                return map.build();
            }
            if (text.charAt(i) != ';') {
                throw bad("unexpected '" + text.charAt(i) + "' in parameters " + SipUri.abbreviate(text));
            }
            i++;
        }
    }

    /** gen-value = token / host / quoted-string: a host adds the colon and brackets of IPv6. */
    private static boolean isValueChar(char c) {
        return Tokens.isTokenChar(c) || c == ':' || c == '[' || c == ']';
    }

    private static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && Tokens.isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static SipParseException bad(String reason) {
        return new SipParseException(SipParseException.Kind.BAD_VALUE, reason);
    }

    public boolean has(String name) {
        return indexOf(name.toLowerCase(Locale.ROOT)) >= 0;
    }

    /** The value of a parameter, unquoted; empty when absent or a flag. */
    public Optional<String> get(String name) {
        int i = indexOf(name.toLowerCase(Locale.ROOT));
        String v = i < 0 ? null : pairs[2 * i + 1];
        return Optional.ofNullable(v == null ? null : Tokens.unquote(v));
    }

    /** The parameters as an unmodifiable map in order (made on each call). */
    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            map.put(pairs[2 * i], pairs[2 * i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    public boolean isEmpty() {
        return size == 0;
    }

    /** A copy with the parameter set (a {@code null} value makes it a flag). */
    public Parameters with(String name, String value) {
        String key = name.toLowerCase(Locale.ROOT);
        int at = indexOf(key);
        String[] copy = Arrays.copyOf(pairs, 2 * (at < 0 ? size + 1 : size));
        if (at < 0) {
            copy[2 * size] = key;
            copy[2 * size + 1] = value;
            return new Parameters(copy, size + 1);
        }
        copy[2 * at + 1] = value;
        return new Parameters(copy, size);
    }

    /** A copy with every parameter of {@code other} added after ours. */
    public Parameters withAll(Parameters other) {
        if (other.isEmpty()) {
            return this;
        }
        Collector c = collector(this);
        for (int i = 0; i < other.size; i++) {
            c.put(other.pairs[2 * i], other.pairs[2 * i + 1]);
        }
        return c.build();
    }

    public Parameters without(String name) {
        int at = indexOf(name.toLowerCase(Locale.ROOT));
        if (at < 0) {
            return this;
        }
        if (size == 1) {
            return EMPTY;
        }
        String[] copy = new String[2 * (size - 1)];
        System.arraycopy(pairs, 0, copy, 0, 2 * at);
        System.arraycopy(pairs, 2 * at + 2, copy, 2 * at, 2 * (size - at - 1));
        return new Parameters(copy, size - 1);
    }

    void appendTo(StringBuilder sb) {
        for (int i = 0; i < size; i++) {
            sb.append(';').append(pairs[2 * i]);
            String value = pairs[2 * i + 1];
            if (value != null) {
                sb.append('=').append(value);
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    /** Equal when they hold the same names with the same values, in any order (as maps compare). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Parameters p) || p.size != size) {
            return false;
        }
        for (int i = 0; i < size; i++) {
            int j = p.indexOf(pairs[2 * i]);
            if (j < 0 || !java.util.Objects.equals(pairs[2 * i + 1], p.pairs[2 * j + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int i = 0; i < size; i++) {
            h += pairs[2 * i].hashCode() ^ java.util.Objects.hashCode(pairs[2 * i + 1]);
        }
        return h;
    }
}
