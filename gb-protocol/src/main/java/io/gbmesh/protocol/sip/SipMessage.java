package io.gbmesh.protocol.sip;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An immutable SIP message: its headers in order as received or built, and its body. The
 * headers every transaction needs (Via, From, To, Call-ID, CSeq) are validated when the message is
 * made, so that their accessors cannot fail; the others are parsed when asked for.
 */
public abstract sealed class SipMessage permits SipRequest, SipResponse {
    private static final byte[] NO_BODY = new byte[0];

    private final List<SipHeader> headers;
    private final byte[] body;
    private final List<Via> vias;
    private final NameAddress from;
    private final NameAddress to;
    private final String callId;
    private final CSeq cseq;

    SipMessage(List<SipHeader> headers, byte[] body) throws SipParseException {
        this.headers = Collections.unmodifiableList(headers);
        this.body = body == null ? NO_BODY : body;
        List<Via> v = new ArrayList<>(1);
        for (String value : values(SipHeaderNames.VIA)) {
            v.add(Via.parse(value));
        }
        this.vias = Collections.unmodifiableList(v);
        this.from = parseRequired(SipHeaderNames.FROM);
        this.to = parseRequired(SipHeaderNames.TO);
        this.callId = first(SipHeaderNames.CALL_ID).map(String::trim).orElse(null);
        String cseqValue = first(SipHeaderNames.CSEQ).orElse(null);
        this.cseq = cseqValue == null ? null : CSeq.parse(cseqValue);
        if (vias.isEmpty() || from == null || to == null || callId == null || callId.isEmpty() || cseq == null) {
            throw new SipParseException(SipParseException.Kind.MISSING_HEADER, "missing " + missingHeader());
        }
    }

    /**
     * A message whose transaction headers were already parsed (a response copying them from the request
     * it answers): the header lines must be what these values print as.
     */
    SipMessage(List<SipHeader> headers, byte[] body, List<Via> vias, NameAddress from, NameAddress to, String callId, CSeq cseq) {
        this.headers = Collections.unmodifiableList(headers);
        this.body = body == null ? NO_BODY : body;
        this.vias = vias;
        this.from = from;
        this.to = to;
        this.callId = callId;
        this.cseq = cseq;
    }

    private String missingHeader() {
        if (vias.isEmpty()) {
            return "Via";
        }
        if (from == null) {
            return "From";
        }
        if (to == null) {
            return "To";
        }
        if (callId == null || callId.isEmpty()) {
            return "Call-ID";
        }
        return "CSeq";
    }

    private NameAddress parseRequired(String name) throws SipParseException {
        Optional<String> value = first(name);
        return value.isPresent() ? NameAddress.parse(value.get()) : null;
    }

    public List<SipHeader> headers() {
        return headers;
    }

    /** The first value of a header, by name in any case or compact form, with comma-joined lists split. */
    public Optional<String> first(String name) {
        String key = SipHeaderNames.key(name);
        for (SipHeader h : headers) {
            if (h.hasKey(key)) {
                if (SipHeaderNames.isList(key)) {
                    try {
                        List<String> parts = Tokens.splitList(h.value());
                        if (!parts.isEmpty()) {
                            return Optional.of(parts.get(0));
                        }
                        continue;
                    } catch (SipParseException e) {
                        return Optional.of(h.value());
                    }
                }
                return Optional.of(h.value());
            }
        }
        return Optional.empty();
    }

    /** Every value of a header: repeated lines and, for list headers, comma-joined values. */
    public List<String> values(String name) throws SipParseException {
        String key = SipHeaderNames.key(name);
        List<String> out = new ArrayList<>(2);
        for (SipHeader h : headers) {
            if (h.hasKey(key)) {
                if (SipHeaderNames.isList(key)) {
                    out.addAll(Tokens.splitList(h.value()));
                } else {
                    out.add(h.value());
                }
            }
        }
        return out;
    }

    public boolean has(String name) {
        String key = SipHeaderNames.key(name);
        for (SipHeader h : headers) {
            if (h.hasKey(key)) {
                return true;
            }
        }
        return false;
    }

    public List<Via> vias() {
        return vias;
    }

    public Via topVia() {
        return vias.get(0);
    }

    public NameAddress from() {
        return from;
    }

    public NameAddress to() {
        return to;
    }

    public String callId() {
        return callId;
    }

    public CSeq cseq() {
        return cseq;
    }

    /** The first Contact, when present. */
    public Optional<NameAddress> contact() throws SipParseException {
        Optional<String> v = first(SipHeaderNames.CONTACT);
        return v.isPresent() ? Optional.of(NameAddress.parse(v.get())) : Optional.empty();
    }

    /** The Expires header value, when present and numeric. */
    public OptionalInt expires() throws SipParseException {
        Optional<String> v = first(SipHeaderNames.EXPIRES);
        if (v.isEmpty()) {
            return OptionalInt.empty();
        }
        try {
            long e = Long.parseLong(v.get().trim());
            return OptionalInt.of((int) Math.max(0, Math.min(Integer.MAX_VALUE, e)));
        } catch (NumberFormatException ex) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Expires: " + SipUri.abbreviate(v.get()));
        }
    }

    /** The media type of the body, lower case and without parameters, when there is one. */
    public Optional<String> contentType() {
        return first(SipHeaderNames.CONTENT_TYPE).map(v -> {
            int semi = v.indexOf(';');
            return (semi < 0 ? v : v.substring(0, semi)).trim().toLowerCase(java.util.Locale.ROOT);
        });
    }

    public byte[] body() {
        return body;
    }

    public int bodyLength() {
        return body.length;
    }

    abstract void appendStartLine(StringBuilder sb);

    /** The message on the wire: start line, headers with a computed Content-Length, CRLF, body. */
    public byte[] toBytes() {
        StringBuilder sb = new StringBuilder(256 + headers.size() * 40);
        appendStartLine(sb);
        sb.append("\r\n");
        boolean lengthWritten = false;
        for (SipHeader h : headers) {
            if (h.hasKey("content-length")) {
                if (lengthWritten) {
                    continue;
                }
                sb.append(SipHeaderNames.CONTENT_LENGTH).append(": ").append(body.length).append("\r\n");
                lengthWritten = true;
                continue;
            }
            sb.append(h.name()).append(": ").append(h.value()).append("\r\n");
        }
        if (!lengthWritten) {
            sb.append(SipHeaderNames.CONTENT_LENGTH).append(": ").append(body.length).append("\r\n");
        }
        sb.append("\r\n");
        byte[] head = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (body.length == 0) {
            return head;
        }
        byte[] out = new byte[head.length + body.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        return out;
    }

    @Override
    public String toString() {
        return new String(toBytes(), StandardCharsets.UTF_8);
    }

    /** Shared header editing of request and response builders. */
    abstract static class Builder<B extends Builder<B>> {
        final List<SipHeader> headers = new ArrayList<>(12);
        byte[] body;

        abstract B self();

        /** Called before a header line is added, replaced or removed, with its key. */
        void changing(String key) {
        }

        /** Appends a header line (repeats allowed). */
        public B header(String name, Object value) {
            changing(SipHeaderNames.key(name));
            headers.add(new SipHeader(SipHeaderNames.canonical(name), String.valueOf(value)));
            return self();
        }

        /** Replaces every line of a header by one, keeping the position of the first. */
        public B set(String name, Object value) {
            String key = SipHeaderNames.key(name);
            changing(key);
            SipHeader line = new SipHeader(SipHeaderNames.canonical(name), String.valueOf(value));
            int at = -1;
            for (int i = headers.size() - 1; i >= 0; i--) {
                if (headers.get(i).hasKey(key)) {
                    headers.remove(i);
                    at = i;
                }
            }
            if (at >= 0) {
                headers.add(at, line);
            } else {
                headers.add(line);
            }
            return self();
        }

        public B remove(String name) {
            String key = SipHeaderNames.key(name);
            changing(key);
            headers.removeIf(h -> h.hasKey(key));
            return self();
        }

        /** Sets the body and its Content-Type; Content-Length is always computed. */
        public B body(String contentType, byte[] content) {
            set(SipHeaderNames.CONTENT_TYPE, contentType);
            this.body = content;
            return self();
        }

        /** Replaces the topmost Via value (the first one of the first Via line), keeping the others. */
        public B topVia(Via via) {
            changing("via");
            for (int i = 0; i < headers.size(); i++) {
                SipHeader h = headers.get(i);
                if (h.hasKey("via")) {
                    String rest = "";
                    try {
                        List<String> parts = Tokens.splitList(h.value());
                        if (parts.size() > 1) {
                            rest = ", " + String.join(", ", parts.subList(1, parts.size()));
                        }
                    } catch (SipParseException e) {
                        // the value was validated when the message was made; keep only the new top
                    }
                    headers.set(i, new SipHeader(h.name(), via + rest));
                    return self();
                }
            }
            headers.add(0, new SipHeader(SipHeaderNames.VIA, via.toString()));
            return self();
        }

        public B via(Via via) {
            return header(SipHeaderNames.VIA, via);
        }

        public B from(NameAddress from) {
            return set(SipHeaderNames.FROM, from);
        }

        public B to(NameAddress to) {
            return set(SipHeaderNames.TO, to);
        }

        public B callId(String callId) {
            return set(SipHeaderNames.CALL_ID, callId);
        }

        public B cseq(long sequence, String method) {
            return set(SipHeaderNames.CSEQ, sequence + " " + method);
        }

        public B contact(NameAddress contact) {
            return set(SipHeaderNames.CONTACT, contact);
        }
    }
}
