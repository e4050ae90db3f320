package io.gbmesh.protocol.sip;

import java.util.Locale;

/**
 * A {@code sip:} or {@code sips:} URI (RFC 3261 §19.1): {@code sip:user@host:port;params?headers}.
 * In GB/T 28181 the user part is the 20-digit ID and the host is either the domain ID
 * (Hikvision) or an IP address and port (Dahua): both are kept as given.
 */
public record SipUri(String scheme, String user, String host, int port, Parameters parameters, String headers) {

    public SipUri {
        scheme = scheme == null ? "sip" : scheme;
        parameters = parameters == null ? Parameters.EMPTY : parameters;
    }

    public static SipUri of(String user, String host, int port) {
        return new SipUri("sip", user, host, port, Parameters.EMPTY, null);
    }

    public static SipUri parse(String text) throws SipParseException {
        String s = text.trim();
        int colon = s.indexOf(':');
        if (colon <= 0) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "not a SIP URI: " + abbreviate(s));
        }
        for (int i = 0; i < s.length(); i++) {
            if (Tokens.isDelimiterOrControl(s.charAt(i)) && s.charAt(i) != ',') {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "character not allowed in a URI: " + abbreviate(s));
            }
        }
        String scheme = s.substring(0, colon).toLowerCase(Locale.ROOT);
        if (!scheme.equals("sip") && !scheme.equals("sips") && !scheme.equals("tel")) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "unsupported URI scheme " + abbreviate(scheme));
        }
        String rest = s.substring(colon + 1);
        String headers = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            headers = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        Parameters params = Parameters.EMPTY;
        int semi = rest.indexOf(';', Math.max(0, rest.indexOf('@')));
        if (semi >= 0) {
            params = Parameters.parse(rest.substring(semi));
            rest = rest.substring(0, semi);
        }
        String user = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            user = rest.substring(0, at);
            int pw = user.indexOf(':');
            if (pw >= 0) {
                user = user.substring(0, pw);
            }
            rest = rest.substring(at + 1);
        }
        String host = rest;
        int port = -1;
        if (host.startsWith("[")) {
            int close = host.indexOf(']');
            if (close < 0) {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad IPv6 reference");
            }
            if (close + 1 < host.length() && host.charAt(close + 1) == ':') {
                port = Tokens.parsePort(host.substring(close + 2));
            }
            host = host.substring(0, close + 1);
        } else {
            int pc = host.lastIndexOf(':');
            if (pc >= 0) {
                port = Tokens.parsePort(host.substring(pc + 1));
                host = host.substring(0, pc);
            }
        }
        if (host.isEmpty()) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "URI without host");
        }
        if ((!scheme.equals("tel") && !Tokens.isHost(host)) || (user != null && !isUser(user))) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "not a SIP URI: " + abbreviate(s));
        }
        return new SipUri(scheme, user, host, port, params, headers);
    }

    /** The user part: unreserved, escaped and user-unreserved characters; never blanks or delimiters. */
    private static boolean isUser(String user) {
        for (int i = 0; i < user.length(); i++) {
            char c = user.charAt(i);
            if (c <= ' ' || c == 0x7F || (c < 128 && NOT_IN_USER[c])) {
                return false;
            }
        }
        return true;
    }

    private static final boolean[] NOT_IN_USER = new boolean[128];

    static {
        for (char c : "<>\"#{}|\\^`[]".toCharArray()) {
            NOT_IN_USER[c] = true;
        }
    }

    public SipUri withHostPort(String newHost, int newPort) {
        return new SipUri(scheme, user, newHost, newPort, parameters, headers);
    }

    public SipUri withParameter(String name, String value) {
        return new SipUri(scheme, user, host, port, parameters.with(name, value), headers);
    }

    /** The URI's {@code transport} parameter, lower case, or empty. */
    public java.util.Optional<String> transport() {
        return parameters.get("transport").map(t -> t.toLowerCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(48);
        sb.append(scheme).append(':');
        if (user != null) {
            sb.append(user).append('@');
        }
        sb.append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        parameters.appendTo(sb);
        if (headers != null) {
            sb.append('?').append(headers);
        }
        return sb.toString();
    }

    static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }
}
