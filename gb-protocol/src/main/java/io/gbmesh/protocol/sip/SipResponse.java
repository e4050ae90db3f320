package io.gbmesh.protocol.sip;

import java.util.List;

/** A SIP response: {@code SIP/2.0 code reason} and its headers and body. */
public final class SipResponse extends SipMessage {
    private final int statusCode;
    private final String reasonPhrase;

    SipResponse(int statusCode, String reasonPhrase, List<SipHeader> headers, byte[] body) throws SipParseException {
        super(headers, body);
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
    }

    private SipResponse(int statusCode, String reasonPhrase, List<SipHeader> headers, byte[] body, Builder copied) {
        super(headers, body, copied.vias, copied.from, copied.to, copied.callId, copied.cseq);
        this.statusCode = statusCode;
        this.reasonPhrase = reasonPhrase;
    }

    public int statusCode() {
        return statusCode;
    }

    public String reasonPhrase() {
        return reasonPhrase;
    }

    public boolean isProvisional() {
        return statusCode < 200;
    }

    public boolean isSuccess() {
        return statusCode >= 200 && statusCode < 300;
    }

    @Override
    void appendStartLine(StringBuilder sb) {
        sb.append("SIP/2.0 ").append(statusCode).append(' ').append(reasonPhrase);
    }

    public static Builder builder(int statusCode) {
        return new Builder(statusCode, ReasonPhrases.of(statusCode));
    }

    /**
     * A response to a request (RFC 3261 §8.2.6): the Vias, From, To, Call-ID and CSeq copied, and a
     * To tag added to a final response when the request had none.
     */
    public static Builder to(SipRequest request, int statusCode, String toTag) {
        Builder b = new Builder(statusCode, ReasonPhrases.of(statusCode));
        for (Via via : request.vias()) {
            b.header(SipHeaderNames.VIA, via);
        }
        NameAddress to = request.to();
        if (statusCode > 100 && to.tag().isEmpty() && toTag != null) {
            to = to.withTag(toTag);
        }
        b.header(SipHeaderNames.FROM, request.from());
        b.header(SipHeaderNames.TO, to);
        b.header(SipHeaderNames.CALL_ID, request.callId());
        b.header(SipHeaderNames.CSEQ, request.cseq());
        // the lines just written print these values: the response need not parse them again
        b.vias = request.vias();
        b.from = request.from();
        b.to = to;
        b.callId = request.callId();
        b.cseq = request.cseq();
        return b;
    }

    public Builder toBuilder() {
        Builder b = new Builder(statusCode, reasonPhrase);
        b.headers.addAll(headers());
        b.body = body();
        b.vias = vias();
        b.from = from();
        b.to = to();
        b.callId = callId();
        b.cseq = cseq();
        return b;
    }

    public static final class Builder extends SipMessage.Builder<Builder> {
        private int statusCode;
        private String reasonPhrase;
        // the transaction headers as copied from the request, while no line of theirs is changed
        private List<Via> vias;
        private NameAddress from;
        private NameAddress to;
        private String callId;
        private CSeq cseq;

        Builder(int statusCode, String reasonPhrase) {
            this.statusCode = statusCode;
            this.reasonPhrase = reasonPhrase;
        }

        @Override
        Builder self() {
            return this;
        }

        /** Replaces the topmost Via value; the parsed Vias follow without reading the lines again. */
        @Override
        public Builder topVia(Via via) {
            List<Via> before = vias;
            super.topVia(via);
            if (before != null && !before.isEmpty()) {
                List<Via> after = new java.util.ArrayList<>(before);
                after.set(0, via);
                vias = java.util.Collections.unmodifiableList(after);
            }
            return this;
        }

        @Override
        void changing(String key) {
            if (vias != null && (key.equals("via") || key.equals("from") || key.equals("to") || key.equals("call-id") || key.equals("cseq"))) {
                vias = null;
            }
        }

        public Builder reason(String phrase) {
            // A reason phrase is one line of text: never let a caller's text (which may quote what a
            // device sent) break the framing; each run of control characters becomes one space.
            StringBuilder sb = new StringBuilder(phrase.length());
            boolean inRun = false;
            for (int i = 0; i < phrase.length(); i++) {
                char c = phrase.charAt(i);
                boolean control = c < 0x20 || c == 0x7F;
                if (!control) {
                    sb.append(c);
                } else if (!inRun) {
                    sb.append(' ');
                }
                inRun = control;
            }
            this.reasonPhrase = sb.toString();
            return this;
        }

        public SipResponse build() {
            if (vias != null) {
                return new SipResponse(statusCode, reasonPhrase, new java.util.ArrayList<>(headers), body, this);
            }
            try {
                return new SipResponse(statusCode, reasonPhrase, new java.util.ArrayList<>(headers), body);
            } catch (SipParseException e) {
                throw new IllegalStateException("cannot build " + statusCode + ": " + e.reason());
            }
        }
    }
}
