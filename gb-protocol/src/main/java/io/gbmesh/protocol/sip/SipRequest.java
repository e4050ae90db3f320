package io.gbmesh.protocol.sip;

import java.util.List;
import java.util.Locale;

/** A SIP request: {@code METHOD request-uri SIP/2.0} and its headers and body. */
public final class SipRequest extends SipMessage {
    private final String method;
    private final SipUri requestUri;

    SipRequest(String method, SipUri requestUri, List<SipHeader> headers, byte[] body) throws SipParseException {
        super(headers, body);
        this.method = method;
        this.requestUri = requestUri;
    }

    public String method() {
        return method;
    }

    public SipUri requestUri() {
        return requestUri;
    }

    public boolean is(String m) {
        return method.equals(m);
    }

    @Override
    void appendStartLine(StringBuilder sb) {
        sb.append(method).append(' ').append(requestUri).append(" SIP/2.0");
    }

    public static Builder builder(String method, SipUri requestUri) {
        return new Builder(method, requestUri);
    }

    public Builder toBuilder() {
        Builder b = new Builder(method, requestUri);
        b.headers.addAll(headers());
        b.body = body();
        return b;
    }

    public static final class Builder extends SipMessage.Builder<Builder> {
        private String method;
        private SipUri requestUri;

        Builder(String method, SipUri requestUri) {
            this.method = method.toUpperCase(Locale.ROOT);
            this.requestUri = requestUri;
        }

        @Override
        Builder self() {
            return this;
        }

        public Builder requestUri(SipUri uri) {
            this.requestUri = uri;
            return this;
        }

        /** Builds the request; a request missing Via, From, To, Call-ID or CSeq is a programming error. */
        public SipRequest build() {
            try {
                return new SipRequest(method, requestUri, new java.util.ArrayList<>(headers), body);
            } catch (SipParseException e) {
                throw new IllegalStateException("cannot build " + method + ": " + e.reason());
            }
        }
    }
}
