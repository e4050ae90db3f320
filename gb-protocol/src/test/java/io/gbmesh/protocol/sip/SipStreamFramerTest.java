package io.gbmesh.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SipStreamFramerTest {
    private static final List<String> STREAM = List.of("03-dev-register-request", "13-dev-keepalive",
            "22-dev-response-catalog", "36-dev-invite-play-200", "11-dev-unregister-auth");

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String name : STREAM) {
            out.writeBytes(SipVectors.bytes(name));
            out.writeBytes("\r\n\r\n".getBytes()); // RFC 5626 keepalive pings between messages
        }
        return out.toByteArray();
    }

    private static List<byte[]> expected() {
        List<byte[]> list = new ArrayList<>();
        for (String name : STREAM) {
            list.add(SipVectors.bytes(name));
        }
        return list;
    }

    private static void assertSameMessages(List<byte[]> expected, List<byte[]> actual, String context) {
        assertEquals(expected.size(), actual.size(), context);
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), actual.get(i), context + " message " + i);
        }
    }

    @Test
    void severalMessagesInOneReadComeOutWhole() throws Exception {
        List<byte[]> out = new ArrayList<>();
        new SipStreamFramer().feed(stream(), out::add);
        assertSameMessages(expected(), out, "one read");
    }

    @Test
    void theStreamSplitAtEveryBytePositionGivesTheSameMessages() throws Exception {
        byte[] all = stream();
        for (int split = 1; split < all.length; split++) {
            SipStreamFramer framer = new SipStreamFramer();
            List<byte[]> out = new ArrayList<>();
            framer.feed(all, 0, split, out::add);
            framer.feed(all, split, all.length - split, out::add);
            assertSameMessages(expected(), out, "split at " + split);
            assertEquals(0, framer.buffered());
        }
    }

    @Test
    void oneByteAtATimeGivesTheSameMessages() throws Exception {
        byte[] all = stream();
        SipStreamFramer framer = new SipStreamFramer();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < all.length; i++) {
            framer.feed(all, i, 1, out::add);
        }
        assertSameMessages(expected(), out, "byte by byte");
    }

    @Test
    void everyFramedMessageParses() throws Exception {
        List<byte[]> out = new ArrayList<>();
        new SipStreamFramer().feed(stream(), out::add);
        SipParser parser = new SipParser();
        for (byte[] m : out) {
            parser.parse(m);
        }
    }

    @Test
    void endlessHeadersAreRefused() {
        SipStreamFramer framer = new SipStreamFramer(new SipLimits(4096, 1024, 64, 1024));
        byte[] junk = "X-Junk: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n".repeat(40).getBytes();
        SipParseException e = assertThrows(SipParseException.class, () -> framer.feed(junk, m -> { }));
        assertEquals(SipParseException.Kind.TOO_LARGE, e.kind());
    }

    @Test
    void oversizedBodyIsRefusedBeforeBuffering() {
        SipStreamFramer framer = new SipStreamFramer(new SipLimits(4096, 1024, 64, 1024));
        byte[] head = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 999999\r\n\r\n".getBytes();
        assertEquals(SipParseException.Kind.TOO_LARGE, assertThrows(SipParseException.class, () -> framer.feed(head, m -> { })).kind());
    }

    @Test
    void compactContentLengthFramesTheBody() throws Exception {
        byte[] m = ("MESSAGE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.2;branch=z9hG4bKc\r\nf: <sip:a@b>;tag=1\r\n"
                + "t: <sip:a@b>\r\ni: c\r\nCSeq: 1 MESSAGE\r\nl: 5\r\n\r\nhello").getBytes();
        List<byte[]> out = new ArrayList<>();
        SipStreamFramer framer = new SipStreamFramer();
        framer.feed(m, out::add);
        framer.feed(m, out::add);
        assertEquals(2, out.size());
        assertEquals("hello", new String(((SipRequest) new SipParser().parse(out.get(1))).body()));
    }

    @Test
    void blocksTooShortToBeAMessageAreSkippedAndCounted() throws Exception {
        // a read of thousands of tiny "messages" costs a scan, not a parse each; the real one after them still comes out
        ByteArrayOutputStream in = new ByteArrayOutputStream();
        for (int i = 0; i < 5_000; i++) {
            in.writeBytes(">\r\n\r\n".getBytes());
        }
        in.writeBytes("x\r\nl: 3\r\n\r\nabc".getBytes()); // its body is skipped with it, the stream stays in step
        in.writeBytes(stream());
        byte[] all = in.toByteArray();
        for (int split : new int[] {all.length, 7, 25_003, all.length - 100}) {
            SipStreamFramer framer = new SipStreamFramer();
            List<byte[]> out = new ArrayList<>();
            framer.feed(all, 0, split, out::add);
            framer.feed(all, split, all.length - split, out::add);
            assertSameMessages(expected(), out, "split at " + split);
            assertEquals(5_001, framer.discarded());
            assertEquals(0, framer.buffered());
        }
    }

    @Test
    void theSmallestMessageTheParserReadsIsFramed() throws Exception {
        byte[] smallest = "SIP/2.0 200\nv:SIP/2.0/TCP a\nf:sip:a\nt:sip:a\ni:a\nCSeq:1 A\n\n".getBytes();
        List<byte[]> out = new ArrayList<>();
        SipStreamFramer framer = new SipStreamFramer();
        framer.feed(smallest, out::add);
        assertEquals(1, out.size());
        assertEquals(0, framer.discarded());
        new SipParser().parse(out.get(0));
    }
}
