package io.gbmesh.protocol.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses one complete SIP message from bytes (RFC 3261 §7). The UDP reader hands it a datagram and
 * the TCP framer hands it what {@link SipStreamFramer} cut out; both get the same parser.
 * Tolerates what real devices send: bare LF line ends, folded headers, compact names, a missing
 * Content-Length on UDP (the body is the rest of the datagram).
 */
public final class SipParser {
    private final SipLimits limits;

    public SipParser(SipLimits limits) {
        this.limits = limits;
    }

    public SipParser() {
        this(SipLimits.DEFAULT);
    }

    public SipMessage parse(byte[] data) throws SipParseException {
        return parse(data, 0, data.length);
    }

    public SipMessage parse(byte[] data, int offset, int length) throws SipParseException {
        if (length > limits.maxMessageBytes()) {
            throw new SipParseException(SipParseException.Kind.TOO_LARGE, "message of " + length + " bytes exceeds " + limits.maxMessageBytes());
        }
        int end = offset + length;
        int pos = offset;
        // CRLF before the start line is ignored (RFC 3261 §7.5) and is how keepalives look; a leading
        // space is not: it belongs to no start line.
        while (pos < end && (data[pos] == '\r' || data[pos] == '\n' || data[pos] == 0)) {
            pos++;
        }
        if (isBlank(data, pos, end)) {
            throw new SipParseException(SipParseException.Kind.EMPTY, "empty message");
        }
        int headerEnd = findHeaderEnd(data, pos, end);
        int bodyStart;
        if (headerEnd < 0) {
            // No blank line: a datagram of headers only (some devices omit the final CRLF).
            headerEnd = end;
            bodyStart = end;
        } else {
            bodyStart = headerEnd;
        }
        int headerBytes = headerEnd - pos;
        if (headerBytes > limits.maxHeaderBytes()) {
            throw new SipParseException(SipParseException.Kind.TOO_LARGE, "header section exceeds " + limits.maxHeaderBytes() + " bytes");
        }
        SipParseException unreadable = unreadableStartLine(data, pos, headerEnd);
        if (unreadable != null) {
            throw unreadable;
        }
        String head = new String(data, pos, headerBytes, StandardCharsets.UTF_8);
        List<String> lines = unfold(head);
        if (lines.isEmpty()) {
            throw new SipParseException(SipParseException.Kind.EMPTY, "empty message");
        }
        String startLine = lines.get(0);
        String startControl = SipGrammar.controlCharacter(startLine);
        if (startControl != null) {
            throw new SipParseException(SipParseException.Kind.START_LINE, startControl);
        }
        List<SipHeader> headers = new ArrayList<>(lines.size());
        String badLine = null;
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty()) {
                continue;
            }
            String control = SipGrammar.controlCharacter(line);
            int colon = line.indexOf(':');
            // HCOLON = *( SP / HTAB ) ":" SWS (RFC 3261 §25.1): blanks before the colon are allowed
            String name = colon <= 0 ? "" : stripTrailingBlanks(line.substring(0, colon));
            if (control != null || name.isEmpty() || !Tokens.isToken(name)) {
                // keep reading: with the transaction headers known, the request can still get its 400
                if (badLine == null) {
                    badLine = control != null ? control
                            : colon <= 0 ? "header line without name: " + SipUri.abbreviate(line)
                            : "bad header name: " + SipUri.abbreviate(name);
                }
                continue;
            }
            headers.add(new SipHeader(name, trimmed(line, colon + 1)));
            if (headers.size() > limits.maxHeaders()) {
                throw new SipParseException(SipParseException.Kind.TOO_MANY_HEADERS, "more than " + limits.maxHeaders() + " headers");
            }
        }
        if (badLine != null) {
            throw new SipParseException(SipParseException.Kind.HEADER, badLine, partialRequest(startLine, headers));
        }
        int available = end - bodyStart;
        int declared;
        try {
            declared = contentLength(headers);
        } catch (SipParseException e) {
            if (startLine.startsWith("SIP/")) {
                throw e;
            }
            // the request is identifiable: keep it so that the transport can answer 400
            throw new SipParseException(e.kind(), e.reason(), request(startLine, headers, null));
        }
        int bodyLength = declared < 0 ? available : declared;
        if (startLine.startsWith("SIP/")) {
            if (bodyLength > available) {
                throw new SipParseException(SipParseException.Kind.BODY_LENGTH, "Content-Length " + declared + " exceeds the " + available + " body bytes received");
            }
            return response(startLine, headers, slice(data, bodyStart, bodyLength));
        }
        SipRequest request = request(startLine, headers, bodyLength > limits.maxBodyBytes() || bodyLength > available ? null : slice(data, bodyStart, bodyLength));
        if (bodyLength > limits.maxBodyBytes()) {
            throw new SipParseException(SipParseException.Kind.TOO_LARGE, "body of " + bodyLength + " bytes exceeds " + limits.maxBodyBytes(), request);
        }
        if (bodyLength > available) {
            throw new SipParseException(SipParseException.Kind.BODY_LENGTH, "Content-Length " + declared + " exceeds the " + available + " body bytes received", request);
        }
        String lineViolation = SipGrammar.requestLineViolation(startLine);
        if (lineViolation != null) {
            throw new SipParseException(SipParseException.Kind.START_LINE, lineViolation, request);
        }
        String headerViolation = SipGrammar.headerViolation(headers);
        if (headerViolation != null) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, headerViolation, request);
        }
        if (!request.cseq().method().equals(request.method())) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "CSeq method " + request.cseq().method() + " does not match " + request.method(), request);
        }
        return request;
    }

    /** The request as far as it can be understood, or null (a response, or transaction headers missing). */
    private static SipRequest partialRequest(String startLine, List<SipHeader> headers) {
        if (startLine.startsWith("SIP/")) {
            return null;
        }
        try {
            return request(startLine, headers, null);
        } catch (SipParseException e) {
            return e.partialRequest().orElse(null);
        }
    }

    private static byte[] slice(byte[] data, int from, int len) {
        byte[] out = new byte[len];
        System.arraycopy(data, from, out, 0, len);
        return out;
    }

    private static SipResponse response(String startLine, List<SipHeader> headers, byte[] body) throws SipParseException {
        // SIP/2.0 200 OK
        int sp1 = startLine.indexOf(' ');
        if (sp1 < 0 || !startLine.substring(0, sp1).equalsIgnoreCase("SIP/2.0")) {
            throw new SipParseException(SipParseException.Kind.START_LINE, "bad status line: " + SipUri.abbreviate(startLine));
        }
        int sp2 = startLine.indexOf(' ', sp1 + 1);
        String codeText = sp2 < 0 ? startLine.substring(sp1 + 1) : startLine.substring(sp1 + 1, sp2);
        int code;
        try {
            code = Integer.parseInt(codeText.trim());
        } catch (NumberFormatException e) {
            throw new SipParseException(SipParseException.Kind.START_LINE, "bad status code: " + SipUri.abbreviate(codeText));
        }
        if (code < 100 || code > 699) {
            throw new SipParseException(SipParseException.Kind.START_LINE, "status code out of range: " + code);
        }
        String reason = sp2 < 0 ? "" : startLine.substring(sp2 + 1).trim();
        return new SipResponse(code, reason, headers, body);
    }

    private static SipRequest request(String startLine, List<SipHeader> headers, byte[] body) throws SipParseException {
        // METHOD sip:uri SIP/2.0
        // read leniently here so that a request with a sloppy line can still be answered 400 by parse()
        String[] parts = SipGrammar.lenientParts(startLine);
        if (parts == null) {
            throw new SipParseException(SipParseException.Kind.START_LINE, "bad request line: " + SipUri.abbreviate(startLine));
        }
        SipUri uri = SipUri.parse(parts[1]);
        SipRequest request = new SipRequest(parts[0].toUpperCase(Locale.ROOT), uri, headers, body);
        if (!parts[2].equalsIgnoreCase("SIP/2.0")) {
            throw new SipParseException(SipParseException.Kind.START_LINE, "unsupported version " + SipUri.abbreviate(parts[2]), request);
        }
        if (!Tokens.isToken(parts[0])) {
            throw new SipParseException(SipParseException.Kind.START_LINE, "bad method " + SipUri.abbreviate(parts[0]), request);
        }
        return request;
    }

    /** -1 when absent; throws when present but not a non-negative number. */
    static int contentLength(List<SipHeader> headers) throws SipParseException {
        for (SipHeader h : headers) {
            if (h.hasKey("content-length")) {
                // Content-Length = 1*DIGIT (RFC 3261 §20.14): no sign, no blanks inside
                String v = h.value().trim();
                if (!SipGrammar.isDigits(v, 9)) {
                    throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Content-Length: " + SipUri.abbreviate(v));
                }
                return Integer.parseInt(v);
            }
        }
        return -1;
    }

    /**
     * The refusal of a start line that is neither a status line nor three blank-separated parts, read
     * on the bytes before anything is decoded or split; null when the full parse must decide. Such a
     * message can never be answered (no request to answer), and the start line is the first thing read,
     * so it is refused for it whatever the header lines hold. This keeps the cost of junk low: a TCP read
     * of thousands of tiny non-messages costs a scan each, not a parse each. Lines that the full parse
     * would read differently (a control character, a folded continuation) are left to it.
     */
    private static SipParseException unreadableStartLine(byte[] data, int from, int to) {
        int parts = 0;
        boolean inPart = false;
        int i = from;
        for (; i < to && data[i] != '\n'; i++) {
            byte b = data[i];
            if (b == ' ' || b == '\t') {
                inPart = false;
            } else if ((b >= 0 && b < 0x20) || b == 0x7F) {
                if (b != '\r' || i + 1 >= to || data[i + 1] != '\n') {
                    return null;
                }
            } else if (!inPart) {
                inPart = true;
                parts++;
            }
        }
        if (parts == 3 || startsWith(data, from, to, "SIP/")) {
            return null;
        }
        int next = i + 1;
        if (next < to && (data[next] == ' ' || data[next] == '\t')) {
            return null;
        }
        int lineEnd = i > from && data[i - 1] == '\r' ? i - 1 : i;
        String line = new String(data, from, lineEnd - from, StandardCharsets.UTF_8);
        return new SipParseException(SipParseException.Kind.START_LINE, "bad request line: " + SipUri.abbreviate(line));
    }

    private static boolean startsWith(byte[] data, int from, int to, String prefix) {
        if (to - from < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (data[from + i] != prefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Offset just past the blank line ending the headers (CRLFCRLF or LFLF), or -1. */
    static int findHeaderEnd(byte[] data, int from, int end) {
        for (int i = from; i < end; i++) {
            if (data[i] == '\n') {
                int j = i + 1;
                if (j < end && data[j] == '\r') {
                    j++;
                }
                if (j < end && data[j] == '\n') {
                    return j + 1;
                }
            }
        }
        return -1;
    }

    /**
     * Splits the header section into lines, joining folded continuation lines (RFC 3261 §7.3.1). A
     * line that is not folded is one substring of the header section; only a folded one is copied again.
     */
    private static List<String> unfold(String head) {
        List<String> lines = new ArrayList<>(16);
        int i = 0;
        int n = head.length();
        String pending = null;
        StringBuilder folded = null;
        while (i < n) {
            int nl = head.indexOf('\n', i);
            int lineEnd = nl < 0 ? n : nl;
            int contentEnd = lineEnd > i && head.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
            int lineStart = i;
            i = lineEnd + 1;
            if (contentEnd == lineStart) {
                if (folded != null) {
                    lines.add(folded.toString());
                    folded = null;
                } else if (pending != null) {
                    lines.add(pending);
                }
                pending = null;
                continue;
            }
            char first = head.charAt(lineStart);
            if ((first == ' ' || first == '\t') && (pending != null || folded != null)) {
                if (folded == null) {
                    folded = new StringBuilder(pending.length() + contentEnd - lineStart).append(pending);
                    pending = null;
                }
                // joined by one space, the continuation trimmed as String#trim does
                int from = lineStart;
                int to = contentEnd;
                while (from < to && head.charAt(from) <= ' ') {
                    from++;
                }
                while (to > from && head.charAt(to - 1) <= ' ') {
                    to--;
                }
                folded.append(' ').append(head, from, to);
            } else {
                if (folded != null) {
                    lines.add(folded.toString());
                    folded = null;
                } else if (pending != null) {
                    lines.add(pending);
                }
                pending = head.substring(lineStart, contentEnd);
            }
        }
        if (folded != null) {
            lines.add(folded.toString());
        } else if (pending != null) {
            lines.add(pending);
        }
        return lines;
    }

    private static boolean isBlank(byte[] data, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = data[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code line.substring(from).trim()} with one copy. */
    private static String trimmed(String line, int from) {
        int to = line.length();
        while (from < to && line.charAt(from) <= ' ') {
            from++;
        }
        while (to > from && line.charAt(to - 1) <= ' ') {
            to--;
        }
        return line.substring(from, to);
    }

    private static String stripTrailingBlanks(String s) {
        int end = s.length();
        while (end > 0 && Tokens.isBlank(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }
}
