package io.gbmesh.protocol.sip;

import java.util.Optional;

/**
 * The value of From, To, Contact, Route: {@code "Display" <sip:...>;tag=x} or a bare addr-spec
 * {@code sip:...;tag=x}, whose semicolon parameters then belong to the header (RFC 3261 §20.10).
 */
public record NameAddress(String displayName, SipUri uri, Parameters parameters, boolean wildcard) {

    public NameAddress {
        parameters = parameters == null ? Parameters.EMPTY : parameters;
    }

    public static NameAddress of(SipUri uri) {
        return new NameAddress(null, uri, Parameters.EMPTY, false);
    }

    /**
     * Parses name-addr or addr-spec (RFC 3261 §25.1) strictly where a forged value could mean two things:
     * a display name is a quoted string or tokens (UTF-8 text allowed, as GB devices write Chinese names),
     * never unquoted separators; after {@code >} only {@code ;parameters}; no blanks inside a URI.
     */
    public static NameAddress parse(String text) throws SipParseException {
        String s = text.trim();
        if (s.equals("*")) {
            return new NameAddress(null, null, Parameters.EMPTY, true);
        }
        int lt = indexOfUnquoted(s, '<');
        if (lt >= 0) {
            int gt = s.indexOf('>', lt);
            if (gt < 0) {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "unclosed '<' in " + SipUri.abbreviate(s));
            }
            String display = displayName(s.substring(0, lt));
            SipUri uri = SipUri.parse(uriText(s.substring(lt + 1, gt)));
            Parameters params = Parameters.parseHeaderParameters(s.substring(gt + 1));
            return new NameAddress(display, uri, params, false);
        }
        if (s.indexOf('>') >= 0 || s.indexOf('"') >= 0) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "not a name-addr: " + SipUri.abbreviate(s));
        }
        // addr-spec: its semicolon parameters belong to the header (RFC 3261 §20.10)
        int semi = s.indexOf(';');
        if (semi < 0) {
            return new NameAddress(null, SipUri.parse(uriText(s)), Parameters.EMPTY, false);
        }
        return new NameAddress(null, SipUri.parse(uriText(s.substring(0, semi))),
                Parameters.parseHeaderParameters(s.substring(semi)), false);
    }

    /** display-name = *(token LWS) / quoted-string; null when empty. */
    private static String displayName(String raw) throws SipParseException {
        String d = raw.trim();
        if (d.isEmpty()) {
            return null;
        }
        if (d.charAt(0) == '"') {
            int end = Tokens.endOfQuoted(d, 0);
            if (end != d.length() - 1) {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, end < 0 ? "unterminated display name"
                        : "text after the quoted display name: " + SipUri.abbreviate(d));
            }
            return Tokens.unquote(d);
        }
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            if (!Tokens.isTokenChar(c) && !Tokens.isBlank(c) && c < 0x80) {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "unquoted '" + c + "' in display name " + SipUri.abbreviate(d));
            }
        }
        return d;
    }

    /** The URI's text, which has no blanks and no angle brackets inside. */
    private static String uriText(String raw) throws SipParseException {
        String u = raw.trim();
        for (int i = 0; i < u.length(); i++) {
            char c = u.charAt(i);
            if (Tokens.isBlank(c) || c == '<' || c == '>') {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad character in URI " + SipUri.abbreviate(u));
            }
        }
        return u;
    }

    private static int indexOfUnquoted(String s, char target) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                int end = Tokens.endOfQuoted(s, i);
                if (end < 0) {
                    return -1;
                }
                i = end;
            } else if (c == target) {
                return i;
            }
        }
        return -1;
    }

    public Optional<String> tag() {
        return parameters.get("tag");
    }

    public NameAddress withTag(String tag) {
        return new NameAddress(displayName, uri, parameters.with("tag", tag), wildcard);
    }

    public NameAddress withParameter(String name, String value) {
        return new NameAddress(displayName, uri, parameters.with(name, value), wildcard);
    }

    /** The user part of the URI: in GB/T 28181, the 20-digit ID of the party. */
    public String user() {
        return uri == null ? null : uri.user();
    }

    @Override
    public String toString() {
        if (wildcard) {
            return "*";
        }
        StringBuilder sb = new StringBuilder(64);
        if (displayName != null) {
            sb.append('"').append(displayName.replace("\\", "\\\\").replace("\"", "\\\"")).append("\" ");
        }
        sb.append('<').append(uri).append('>');
        parameters.appendTo(sb);
        return sb.toString();
    }
}
