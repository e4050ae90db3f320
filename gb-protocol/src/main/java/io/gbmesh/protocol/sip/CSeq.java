package io.gbmesh.protocol.sip;

import java.util.Locale;

/** {@code CSeq: 20 MESSAGE}: the sequence number and method of a transaction (RFC 3261 §20.16). */
public record CSeq(long sequence, String method) {

    public static CSeq parse(String text) throws SipParseException {
        String s = text.trim();
        int space = s.indexOf(' ');
        if (space < 0) {
            space = s.indexOf('\t');
        }
        if (space <= 0) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad CSeq: " + SipUri.abbreviate(s));
        }
        // CSeq = 1*DIGIT LWS Method (RFC 3261 §20.16): no sign, the method a token
        if (!SipGrammar.isDigits(s.substring(0, space), 10)) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad CSeq number: " + SipUri.abbreviate(s));
        }
        long seq = Long.parseLong(s.substring(0, space));
        if (seq < 0 || seq > 0xFFFFFFFFL) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, "CSeq out of range");
        }
        String method = s.substring(space + 1).trim().toUpperCase(Locale.ROOT);
        if (!Tokens.isToken(method)) {
            throw new SipParseException(SipParseException.Kind.BAD_VALUE, method.isEmpty() ? "CSeq without method" : "bad CSeq method " + SipUri.abbreviate(method));
        }
        return new CSeq(seq, method);
    }

    @Override
    public String toString() {
        return sequence + " " + method;
    }
}
