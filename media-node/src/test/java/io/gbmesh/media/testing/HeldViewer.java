package io.gbmesh.media.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/** A viewer that connects, reads the status of its answer and stays connected until closed. */
public final class HeldViewer implements AutoCloseable {

    private final Socket socket;
    private final int status;

    private HeldViewer(Socket socket, int status) {
        this.socket = socket;
        this.status = status;
    }

    public static HeldViewer open(String url) throws IOException {
        URI uri = URI.create(url);
        Socket socket = new Socket(uri.getHost(), uri.getPort());
        socket.setSoTimeout(5000);
        String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        socket.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: " + uri.getHost() + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        InputStream in = socket.getInputStream();
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            line.append((char) c);
        }
        // "HTTP/1.1 200 OK"
        String[] parts = line.toString().split(" ");
        return new HeldViewer(socket, parts.length > 1 ? Integer.parseInt(parts[1]) : -1);
    }

    public int status() {
        return status;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
