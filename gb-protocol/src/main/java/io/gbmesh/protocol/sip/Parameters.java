package io.gbmesh.protocol.sip;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ;name=value} parameters of a URI or header value, in order. Names are compared
 * without case (RFC 3261 §7.3.1); a flag parameter ({@code ;rport}) has a {@code null} value.
 */
public final class Parameters {
    public static final Parameters EMPTY = new Parameters(Map.of());

    private final Map<String, String> values;

    private Parameters(Map<String, String> values) {
        this.values = values;
    }

    /** Parses {@code ;a=1;b;c="x;y"} (the leading semicolon optional). */
    static Parameters parse(String text) throws SipParseException {
        if (text == null || text.isBlank()) {
            return EMPTY;
        }
        Map<String, String> map = new LinkedHashMap<>();
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
        return map.isEmpty() ? EMPTY : new Parameters(Collections.unmodifiableMap(map));
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
        Map<String, String> map = new LinkedHashMap<>();
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
                return new Parameters(Collections.unmodifiableMap(map));
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
        return values.containsKey(name.toLowerCase(Locale.ROOT));
    }

    /** The value of a parameter, unquoted; empty when absent or a flag. */
    public Optional<String> get(String name) {
        String v = values.get(name.toLowerCase(Locale.ROOT));
        return Optional.ofNullable(v == null ? null : Tokens.unquote(v));
    }

    public Map<String, String> asMap() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** A copy with the parameter set (a {@code null} value makes it a flag). */
    public Parameters with(String name, String value) {
        Map<String, String> map = new LinkedHashMap<>(values);
        map.put(name.toLowerCase(Locale.ROOT), value);
        return new Parameters(Collections.unmodifiableMap(map));
    }

    /** A copy with every parameter of {@code other} added after ours. */
    public Parameters withAll(Parameters other) {
        if (other.isEmpty()) {
            return this;
        }
        Map<String, String> map = new LinkedHashMap<>(values);
        map.putAll(other.values);
        return new Parameters(Collections.unmodifiableMap(map));
    }

    public Parameters without(String name) {
        if (!has(name)) {
            return this;
        }
        Map<String, String> map = new LinkedHashMap<>(values);
        map.remove(name.toLowerCase(Locale.ROOT));
        return map.isEmpty() ? EMPTY : new Parameters(Collections.unmodifiableMap(map));
    }

    void appendTo(StringBuilder sb) {
        for (Map.Entry<String, String> e : values.entrySet()) {
            sb.append(';').append(e.getKey());
            if (e.getValue() != null) {
                sb.append('=').append(e.getValue());
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        appendTo(sb);
        return sb.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Parameters p && p.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }
}
