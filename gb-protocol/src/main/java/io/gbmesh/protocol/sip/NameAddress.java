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
            String display = s.substring(0, lt).trim();
            if (display.isEmpty()) {
                display = null;
            } else {
                display = Tokens.unquote(display);
            }
            SipUri uri = SipUri.parse(s.substring(lt + 1, gt));
            Parameters params = Parameters.parse(s.substring(gt + 1));
            return new NameAddress(display, uri, params, false);
        }
        int semi = s.indexOf(';');
        if (semi < 0) {
            return new NameAddress(null, SipUri.parse(s), Parameters.EMPTY, false);
        }
        return new NameAddress(null, SipUri.parse(s.substring(0, semi)), Parameters.parse(s.substring(semi)), false);
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
