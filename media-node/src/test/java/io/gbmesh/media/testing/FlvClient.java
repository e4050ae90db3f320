package io.gbmesh.media.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;

/** An HTTP-FLV viewer: reads a live URL for a while and keeps the bytes. */
public final class FlvClient {

    private FlvClient() {
    }

    /** Reads {@code url} for {@code millis} (or until the server ends the response). */
    public static byte[] read(String url, long millis) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(200);
        if (c.getResponseCode() != 200) {
            throw new IOException(url + " answered " + c.getResponseCode());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long deadline = System.nanoTime() + millis * 1_000_000;
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = c.getInputStream()) {
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
                out.write(buf, 0, n);
            }
        } finally {
            c.disconnect();
        }
        return out.toByteArray();
    }
}
