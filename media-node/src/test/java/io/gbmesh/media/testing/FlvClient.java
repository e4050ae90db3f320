package io.gbmesh.media.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP-FLV viewer over a plain socket: sends the GET, reads the live response for a while,
 * then takes the FLV bytes out of the chunked body. A socket of its own so that the read can stop
 * at a deadline without any library's timeout rules in the way.
 */
public final class FlvClient {

    private FlvClient() {
    }

    /** Reads {@code url} for {@code millis} (or until the server ends the response); returns the body. */
    public static byte[] read(String url, long millis) throws IOException {
        URI uri = URI.create(url);
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        try (Socket socket = new Socket(uri.getHost(), uri.getPort())) {
            OutputStream out = socket.getOutputStream();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            out.write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            socket.setSoTimeout(100);
            long deadline = System.nanoTime() + millis * 1_000_000;
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[64 * 1024];
            while (System.nanoTime() < deadline) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (n < 0) {
                    break;
                }
                raw.write(buf, 0, n);
            }
        }
        return body(url, raw.toByteArray());
    }

    /** The body of a chunked HTTP/1.1 response, up to the last complete chunk. */
    static byte[] body(String url, byte[] r) throws IOException {
        int headerEnd = indexOf(r, 0, "\r\n\r\n");
        if (headerEnd < 0) {
            throw new IOException(url + ": no response headers within the time");
        }
        String head = new String(r, 0, headerEnd, StandardCharsets.ISO_8859_1);
        if (!head.startsWith("HTTP/1.1 200")) {
            throw new IOException(url + " answered " + head.lines().findFirst().orElse(""));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int p = headerEnd + 4;
        while (true) {
            int eol = indexOf(r, p, "\r\n");
            if (eol < 0) {
                break;
            }
            int size = Integer.parseInt(new String(r, p, eol - p, StandardCharsets.US_ASCII).trim(), 16);
            if (size == 0 || eol + 2 + size > r.length) {
                break;
            }
            body.write(r, eol + 2, size);
            p = eol + 2 + size + 2;
        }
        return body.toByteArray();
    }

    private static int indexOf(byte[] a, int from, String s) {
        byte[] n = s.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= a.length - n.length; i++) {
            for (int j = 0; j < n.length; j++) {
                if (a[i + j] != n[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
