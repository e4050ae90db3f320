package io.gbmesh.protocol.fuzz;

import io.gbmesh.protocol.auth.AuthParseException;
import io.gbmesh.protocol.auth.DigestChallenge;
import io.gbmesh.protocol.auth.DigestCredentials;
import io.gbmesh.protocol.sip.SipHeader;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipStreamFramer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The SIP parser on datagrams, and the TCP framer (then the parser) on streams. */
public final class SipFuzzTargets {

    private SipFuzzTargets() {
    }

    public static FuzzTarget parser() {
        return FuzzTarget.of("sip-parser", FuzzCorpus.sipMessages(), FuzzTarget.UDP_MAX, (input, random) -> {
            handle(input);
        }, thrown -> thrown instanceof SipParseException || thrown instanceof AuthParseException);
    }

    public static FuzzTarget framer() {
        return FuzzTarget.of("sip-framer", FuzzCorpus.sipStreams(), FuzzTarget.TCP_READ_MAX, (input, random) -> {
            Framed whole = frame(input, new int[] {input.length});
            if (random != null) {
                Framed split = frame(input, Splits.random(input.length, random));
                if (!whole.sameAs(split)) {
                    throw new SplitMismatch("SipStreamFramer: " + whole + " whole, " + split + " split");
                }
            }
            for (byte[] message : whole.messages) {
                try {
                    handle(message);
                } catch (SipParseException | AuthParseException rejected) {
                    // the connection answers 400 and reads on
                }
            }
            if (whole.failure != null) {
                throw whole.failure;
            }
        }, thrown -> thrown instanceof SipParseException);
    }

    /** What the framer made of a stream fed in chunks ending at {@code cuts}. */
    private record Framed(List<byte[]> messages, SipParseException failure) {
        boolean sameAs(Framed other) {
            if (messages.size() != other.messages.size() || (failure == null) != (other.failure == null)
                    || (failure != null && failure.kind() != other.failure.kind())) {
                return false;
            }
            for (int i = 0; i < messages.size(); i++) {
                if (!Arrays.equals(messages.get(i), other.messages.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return messages.size() + " messages" + (failure == null ? "" : " then " + failure.kind() + ": " + failure.reason());
        }
    }

    private static Framed frame(byte[] input, int[] cuts) {
        SipStreamFramer framer = new SipStreamFramer();
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        try {
            for (int cut : cuts) {
                framer.feed(input, from, cut - from, out::add);
                from = cut;
            }
            return new Framed(out, null);
        } catch (SipParseException e) {
            return new Framed(out, e);
        }
    }

    /** Parses a message and reads it as the gateway does: headers, credentials, and the response it would send. */
    static void handle(byte[] input) throws SipParseException, AuthParseException {
        SipMessage message;
        try {
            message = new SipParser().parse(input);
        } catch (SipParseException e) {
            Optional<SipRequest> partial = e.partialRequest();
            if (partial.isPresent()) {
                SipResponse.to(partial.get(), 400, "fuzz").reason(e.reason()).build().toBytes();
            }
            throw e;
        }
        for (SipHeader header : message.headers()) {
            message.values(header.name());
            message.first(header.name());
        }
        message.contact();
        message.expires();
        message.contentType();
        message.topVia().stampSource("192.0.2.1", 5060).toString();
        message.from().tag();
        message.to().user();
        message.toBytes();
        if (message instanceof SipRequest request) {
            request.requestUri().transport();
            SipResponse.to(request, 200, "fuzz").build().toBytes();
            request.toBuilder().build().toBytes();
            Optional<String> authorization = request.first(SipHeaderNames.AUTHORIZATION);
            if (authorization.isPresent()) {
                DigestCredentials.parse(authorization.get());
            }
        } else if (message instanceof SipResponse response) {
            Optional<String> challenge = response.first(SipHeaderNames.WWW_AUTHENTICATE);
            if (challenge.isPresent()) {
                DigestChallenge.parse(challenge.get());
            }
        }
    }
}
