package io.gbmesh.protocol.sip;

import java.util.function.Consumer;

/**
 * Cuts a TCP byte stream into whole SIP messages (RFC 3261 §18.3): a small state machine that
 * finds the end of the headers, reads Content-Length, and waits for the body. Several messages in
 * one read and one message over many reads both come out the same (the "sticky packet" problem).
 * CRLF keepalives between messages (RFC 5626 §3.5.1) are skipped, and so are blocks too short to be a
 * message ({@link #MIN_HEADER_BYTES}). Not thread-safe: one per connection.
 */
public final class SipStreamFramer {
    private static final int SLICE = 4096;
    private static final int INITIAL_CAPACITY = 4096;
    /**
     * A header section (start line to blank line) shorter than this is no SIP message: the smallest the
     * parser reads, a status line with the five headers every message carries (Via, From, To, Call-ID,
     * CSeq; RFC 3261 §8.1.1, §8.2.6.2) in compact form, is 58 bytes, and without them there is nothing to
     * answer. Such blocks are skipped (body included) and counted, not parsed: a read of thousands of
     * them would otherwise cost a parse and a refusal each.
     */
    public static final int MIN_HEADER_BYTES = 32;
    private final SipLimits limits;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    /** The unframed bytes are buffer[start, end): a framed message moves start, never the bytes after it. */
    private int start;
    private int end;
    /** Where the search for the blank line resumes, relative to start. */
    private int scanFrom;
    private int headerEnd = -1;
    private int messageLength = -1;
    private long discarded;

    public SipStreamFramer(SipLimits limits) {
        this.limits = limits;
    }

    public SipStreamFramer() {
        this(SipLimits.DEFAULT);
    }

    /**
     * Adds received bytes and hands every complete message to {@code out}. Throws when the stream
     * cannot be framed any more (oversized headers or body, bad Content-Length): the connection must
     * then be closed, since there is no way to find the next message.
     */
    public void feed(byte[] chunk, int offset, int count, Consumer<byte[]> out) throws SipParseException {
        // In slices, so that a read holding many small messages frames them as smaller reads would:
        // only the unfinished message stays buffered, and the limits see the same bytes however cut.
        // Each framed message only moves an index: copying the rest of the buffer down after each one
        // would cost a whole buffer per message, which a read of thousands of tiny messages multiplies.
        int last = offset + count;
        for (int p = offset; p < last; ) {
            int n = Math.min(SLICE, last - p);
            ensureRoom(n);
            System.arraycopy(chunk, p, buffer, end, n);
            end += n;
            p += n;
            drain(out);
        }
    }

    public void feed(byte[] chunk, Consumer<byte[]> out) throws SipParseException {
        feed(chunk, 0, chunk.length, out);
    }

    /** Bytes held waiting for the rest of a message. */
    public int buffered() {
        return end - start;
    }

    /** Header sections skipped as shorter than {@link #MIN_HEADER_BYTES}, since this framer was made. */
    public long discarded() {
        return discarded;
    }

    /** Size of the buffer: back to its initial size once a large message has gone through. */
    public int capacity() {
        return buffer.length;
    }

    private void drain(Consumer<byte[]> out) throws SipParseException {
        while (true) {
            if (headerEnd < 0) {
                int skip = start;
                while (skip < end && (buffer[skip] == '\r' || buffer[skip] == '\n')) {
                    skip++;
                }
                if (skip > start) {
                    consume(skip - start);
                }
                if (start == end) {
                    return;
                }
                int length = end - start;
                int found = SipParser.findHeaderEnd(buffer, start + Math.max(0, scanFrom - 3), end);
                // The header section ends past the limit (the blank line included, as the parser counts
                // it) whether its end is already here or not: the same verdict however the stream is cut.
                if (found < 0) {
                    scanFrom = length;
                    if (length >= limits.maxHeaderBytes()) {
                        throw headerTooLarge();
                    }
                    return;
                }
                int headerLength = found - start;
                if (headerLength > limits.maxHeaderBytes()) {
                    throw headerTooLarge();
                }
                headerEnd = headerLength;
                int bodyLength = declaredLength(found);
                if (bodyLength > limits.maxBodyBytes()) {
                    throw new SipParseException(SipParseException.Kind.TOO_LARGE, "body of " + bodyLength + " bytes exceeds " + limits.maxBodyBytes());
                }
                if (headerLength + bodyLength > limits.maxMessageBytes()) {
                    throw new SipParseException(SipParseException.Kind.TOO_LARGE, "message of " + (headerLength + bodyLength) + " bytes exceeds " + limits.maxMessageBytes());
                }
                messageLength = headerLength + bodyLength;
            }
            if (end - start < messageLength) {
                return;
            }
            boolean tooShort = headerEnd < MIN_HEADER_BYTES;
            byte[] message = tooShort ? null : new byte[messageLength];
            if (message != null) {
                System.arraycopy(buffer, start, message, 0, messageLength);
            }
            consume(messageLength);
            headerEnd = -1;
            messageLength = -1;
            if (tooShort) {
                discarded++;
            } else {
                out.accept(message);
            }
        }
    }

    private SipParseException headerTooLarge() {
        return new SipParseException(SipParseException.Kind.TOO_LARGE, "header section exceeds " + limits.maxHeaderBytes() + " bytes");
    }

    /** Content-Length of the header block [start, to); 0 when absent, as RFC 3261 §18.3 implies. */
    private int declaredLength(int to) throws SipParseException {
        int lineStart = start;
        while (lineStart < to) {
            int lineEnd = lineStart;
            while (lineEnd < to && buffer[lineEnd] != '\n') {
                lineEnd++;
            }
            int n = nameLength(lineStart, lineEnd);
            if (n > 0 && (matches(lineStart, n, "content-length") || matches(lineStart, n, "l"))) {
                int colon = lineStart;
                while (buffer[colon] != ':') {
                    colon++;
                }
                String value = new String(buffer, colon + 1, lineEnd - colon - 1, java.nio.charset.StandardCharsets.ISO_8859_1).trim();
                try {
                    int v = Integer.parseInt(value);
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    return v;
                } catch (NumberFormatException e) {
                    throw new SipParseException(SipParseException.Kind.BAD_VALUE, "bad Content-Length: " + SipUri.abbreviate(value));
                }
            }
            lineStart = lineEnd + 1;
        }
        return 0;
    }

    /** Length of the header name on this line (up to the colon, trailing blanks removed), or -1. */
    private int nameLength(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == ':') {
                int e = i;
                while (e > from && (buffer[e - 1] == ' ' || buffer[e - 1] == '\t')) {
                    e--;
                }
                return e - from;
            }
        }
        return -1;
    }

    private boolean matches(int from, int n, String lowerName) {
        if (n != lowerName.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int c = buffer[from + i];
            if (c >= 'A' && c <= 'Z') {
                c += 32;
            }
            if (c != lowerName.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void consume(int n) {
        start += n;
        scanFrom = 0;
        if (start == end) {
            start = 0;
            end = 0;
        }
        int length = end - start;
        if (buffer.length > INITIAL_CAPACITY && length <= INITIAL_CAPACITY) {
            // one large message must not leave every idle connection holding its size
            byte[] small = new byte[INITIAL_CAPACITY];
            System.arraycopy(buffer, start, small, 0, length);
            buffer = small;
            start = 0;
            end = length;
        }
    }

    /** Room for {@code n} more bytes after end: the unframed bytes moved down, or a bigger buffer. */
    private void ensureRoom(int n) throws SipParseException {
        int length = end - start;
        int needed = length + n;
        if (needed > limits.maxMessageBytes() + 4096) {
            throw new SipParseException(SipParseException.Kind.TOO_LARGE, "stream buffer exceeds " + limits.maxMessageBytes() + " bytes");
        }
        if (end + n <= buffer.length) {
            return;
        }
        byte[] target = needed > buffer.length ? new byte[Math.max(needed, buffer.length * 2)] : buffer;
        System.arraycopy(buffer, start, target, 0, length);
        buffer = target;
        start = 0;
        end = length;
    }
}
