package io.gbmesh.protocol.sip;

import java.util.Locale;
import java.util.Optional;

/**
 * One Via hop: {@code SIP/2.0/UDP host:port;rport;branch=z9hG4bK...}. The {@code received} and
 * {@code rport} parameters are how a server behind NAT finds its way back (RFC 3261 §18.2.2, RFC 3581).
 */
public record Via(String transport, String host, int port, Parameters parameters) {

    public Via {
        transport = transport.toUpperCase(Locale.ROOT);
        parameters = parameters == null ? Parameters.EMPTY : parameters;
    }

    public static Via of(String transport, String host, int port, String branch) {
        return new Via(transport, host, port, Parameters.EMPTY.with("branch", branch));
    }

    public static Via parse(String text) throws SipParseException {
        String s = text.trim();
        int space = indexOfWhitespace(s);
        if (space < 0) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Via: " + SipUri.abbreviate(s));
        }
        String protocol = s.substring(0, space).replace(" ", "");
        String[] parts = protocol.split("/");
        if (parts.length != 3 || !parts[0].equalsIgnoreCase("SIP")) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Via protocol: " + SipUri.abbreviate(protocol));
        }
        String rest = s.substring(space).trim();
        int semi = rest.indexOf(';');
        String hostPort = (semi < 0 ? rest : rest.substring(0, semi)).trim();
        Parameters params = semi < 0 ? Parameters.EMPTY : Parameters.parse(rest.substring(semi));
        String host = hostPort;
        int port = -1;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Via host");
            }
            host = hostPort.substring(0, close + 1);
            if (close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
                port = Tokens.parsePort(hostPort.substring(close + 2));
            }
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0) {
                host = hostPort.substring(0, colon).trim();
                port = Tokens.parsePort(hostPort.substring(colon + 1));
            }
        }
        if (host.isEmpty()) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "Via without host");
        }
        if (!Tokens.isHost(host)) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Via host " + SipUri.abbreviate(host));
        }
        return new Via(parts[2].trim(), host, port, params);
    }

    private static int indexOfWhitespace(String s) {
        // "SIP / 2.0 / UDP host" is legal with LWS around the slashes: find the space after the transport.
        int slashes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '/') {
                slashes++;
            } else if ((c == ' ' || c == '\t') && slashes == 2) {
                int j = i;
                while (j > 0 && (s.charAt(j - 1) == ' ' || s.charAt(j - 1) == '\t')) {
                    j--;
                }
                if (j > 0 && s.charAt(j - 1) != '/') {
                    return i;
                }
            }
        }
        return -1;
    }

    /** The same Via asking for rport (RFC 3581 §3), as we do on every request we send. */
    public Via stampRportRequest() {
        return new Via(transport, host, port, parameters.has("rport") ? parameters : Parameters.EMPTY.with("rport", null).withAll(parameters));
    }

    public Via withBranch(String branch) {
        return new Via(transport, host, port, parameters.with("branch", branch));
    }

    public Optional<String> branch() {
        return parameters.get("branch");
    }

    public boolean hasRport() {
        return parameters.has("rport");
    }

    /** The port to send responses to when no rport applies (RFC 3261 §18.2.2: default 5060). */
    public int portOrDefault() {
        return port >= 0 ? port : 5060;
    }

    /**
     * Stamps the address the request really came from: {@code received} when it differs from the
     * sent-by host, and the {@code rport} value when the client asked for it (RFC 3581 §4).
     */
    public Via stampSource(String sourceIp, int sourcePort) {
        Parameters p = parameters;
        if (!host.equals(sourceIp) || p.has("rport")) {
            p = p.with("received", sourceIp);
        }
        if (p.has("rport")) {
            p = p.with("rport", Integer.toString(sourcePort));
        }
        return new Via(transport, host, port, p);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(80);
        sb.append("SIP/2.0/").append(transport).append(' ').append(host);
        if (port >= 0) {
            sb.append(':').append(port);
        }
        parameters.appendTo(sb);
        return sb.toString();
    }
}
