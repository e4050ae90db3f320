package io.gbmesh.protocol.sip;

import java.util.function.Consumer;

/**
 * Cuts a TCP byte stream into whole SIP messages (RFC 3261 §18.3): a small state machine that
 * finds the end of the headers, reads Content-Length, and waits for the body. Several messages in
 * one read and one message over many reads both come out the same (the "sticky packet" problem).
 * CRLF keepalives between messages (RFC 5626 §3.5.1) are skipped. Not thread-safe: one per connection.
 */
public final class SipStreamFramer {
    private static final int SLICE = 4096;
    private static final int INITIAL_CAPACITY = 4096;
    private final SipLimits limits;
    private byte[] buffer = new byte[INITIAL_CAPACITY];
    private int length;
    private int scanFrom;
    private int headerEnd = -1;
    private int messageLength = -1;

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
        int end = offset + count;
        for (int p = offset; p < end; ) {
            int n = Math.min(SLICE, end - p);
            ensureCapacity(length + n);
            System.arraycopy(chunk, p, buffer, length, n);
            length += n;
            p += n;
            drain(out);
        }
    }

    public void feed(byte[] chunk, Consumer<byte[]> out) throws SipParseException {
        feed(chunk, 0, chunk.length, out);
    }

    /** Bytes held waiting for the rest of a message. */
    public int buffered() {
        return length;
    }

    /** Size of the buffer: back to its initial size once a large message has gone through. */
    public int capacity() {
        return buffer.length;
    }

    private void drain(Consumer<byte[]> out) throws SipParseException {
        while (true) {
            if (headerEnd < 0) {
                int skip = 0;
                while (skip < length && (buffer[skip] == '\r' || buffer[skip] == '\n')) {
                    skip++;
                }
                if (skip > 0) {
                    consume(skip);
                }
                if (length == 0) {
                    return;
                }
                int end = SipParser.findHeaderEnd(buffer, Math.max(0, scanFrom - 3), length);
                // The header section ends past the limit (the blank line included, as the parser counts
                // it) whether its end is already here or not: the same verdict however the stream is cut.
                if (end < 0) {
                    scanFrom = length;
                    if (length >= limits.maxHeaderBytes()) {
                        throw headerTooLarge();
                    }
                    return;
                }
                if (end > limits.maxHeaderBytes()) {
                    throw headerTooLarge();
                }
                headerEnd = end;
                int bodyLength = declaredLength(end);
                if (bodyLength > limits.maxBodyBytes()) {
                    throw new SipParseException(SipParseException.Kind.TOO_LARGE, "body of " + bodyLength + " bytes exceeds " + limits.maxBodyBytes());
                }
                if (end + bodyLength > limits.maxMessageBytes()) {
                    throw new SipParseException(SipParseException.Kind.TOO_LARGE, "message of " + (end + bodyLength) + " bytes exceeds " + limits.maxMessageBytes());
                }
                messageLength = end + bodyLength;
            }
            if (length < messageLength) {
                return;
            }
            byte[] message = new byte[messageLength];
            System.arraycopy(buffer, 0, message, 0, messageLength);
            consume(messageLength);
            headerEnd = -1;
            messageLength = -1;
            out.accept(message);
        }
    }

    private SipParseException headerTooLarge() {
        return new SipParseException(SipParseException.Kind.TOO_LARGE, "header section exceeds " + limits.maxHeaderBytes() + " bytes");
    }

    /** Content-Length of the header block [0, end); 0 when absent, as RFC 3261 §18.3 implies. */
    private int declaredLength(int end) throws SipParseException {
        int lineStart = 0;
        while (lineStart < end) {
            int lineEnd = lineStart;
            while (lineEnd < end && buffer[lineEnd] != '\n') {
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
        length -= n;
        scanFrom = 0;
        if (buffer.length > INITIAL_CAPACITY && length <= INITIAL_CAPACITY) {
            // one large message must not leave every idle connection holding its size
            byte[] small = new byte[INITIAL_CAPACITY];
            System.arraycopy(buffer, n, small, 0, length);
            buffer = small;
            return;
        }
        System.arraycopy(buffer, n, buffer, 0, length);
    }

    private void ensureCapacity(int needed) throws SipParseException {
        if (needed > limits.maxMessageBytes() + 4096) {
            throw new SipParseException(SipParseException.Kind.TOO_LARGE, "stream buffer exceeds " + limits.maxMessageBytes() + " bytes");
        }
        if (needed > buffer.length) {
            byte[] bigger = new byte[Math.max(needed, buffer.length * 2)];
            System.arraycopy(buffer, 0, bigger, 0, length);
            buffer = bigger;
        }
    }
}
