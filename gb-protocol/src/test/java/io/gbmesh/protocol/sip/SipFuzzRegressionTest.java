package io.gbmesh.protocol.sip;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Inputs the fuzzer found (files under fuzz/regressions), each with the behaviour it broke. */
class SipFuzzRegressionTest {

    @Test
    void aHeaderSectionOverTheLimitIsRefusedWhetherItsEndArrivesInTheSameReadOrLater() {
        byte[] stream = regression("sip-framer/header-limit-verdict-depends-on-split.bin");
        List<byte[]> whole = new ArrayList<>();
        SipParseException oneRead = assertThrows(SipParseException.class, () -> new SipStreamFramer().feed(stream, whole::add));
        List<byte[]> bytewise = new ArrayList<>();
        SipStreamFramer framer = new SipStreamFramer();
        SipParseException manyReads = assertThrows(SipParseException.class, () -> {
            for (int i = 0; i < stream.length; i++) {
                framer.feed(stream, i, 1, bytewise::add);
            }
        });
        assertEquals(SipParseException.Kind.TOO_LARGE, oneRead.kind());
        assertEquals(SipParseException.Kind.TOO_LARGE, manyReads.kind());
        assertEquals(1, whole.size());
        assertEquals(1, bytewise.size());
    }

    @Test
    void oneReadOfManySmallMessagesIsFramedLikeSmallReads() throws SipParseException {
        byte[] message = regression("sip-framer/large-read-verdict-depends-on-read-size.bin");
        int copies = (SipLimits.DEFAULT.maxMessageBytes() + 8192) / message.length + 1;
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < copies; i++) {
            stream.writeBytes(message);
        }
        List<byte[]> out = new ArrayList<>();
        new SipStreamFramer().feed(stream.toByteArray(), out::add);
        assertEquals(copies, out.size());
    }

    @Test
    void aUriWithAnAngleBracketInItsHostIsRefusedSinceAResponseCouldNotCarryIt() {
        SipParseException e = assertThrows(SipParseException.class,
                () -> new SipParser().parse(regression("sip-parser/uri-host-with-angle-bracket.bin")));
        assertEquals(SipParseException.Kind.BAD_VALUE, e.kind());
    }

    @Test
    void aParameterNameWithAQuoteIsRefusedSinceItWouldBeReadBackOtherwise() {
        SipParseException e = assertThrows(SipParseException.class,
                () -> new SipParser().parse(regression("sip-parser/parameter-name-with-quote.bin")));
        assertEquals(SipParseException.Kind.BAD_VALUE, e.kind());
    }

    @Test
    void anUnquotedParameterValueWithACommaIsRefusedSinceItWouldSplitAListHeader() {
        SipParseException e = assertThrows(SipParseException.class,
                () -> new SipParser().parse(regression("sip-parser/parameter-value-with-comma.bin")));
        assertEquals(SipParseException.Kind.BAD_VALUE, e.kind());
    }

    static byte[] regression(String name) {
        try (InputStream in = SipFuzzRegressionTest.class.getResourceAsStream("/fuzz/regressions/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing regression input " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
