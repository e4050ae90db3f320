package io.gbmesh.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Waits until a program started by a test listens on a TCP port, without connecting to it: a
 * receiver such as {@code ffmpeg -listen 1} accepts one connection only, so a probe by connecting
 * would be the connection it serves. Reads the kernel's socket tables (Linux) instead.
 */
public final class Listening {
    private static final String LISTEN = "0A";

    private Listening() {
    }

    /** Whether a socket listens on the TCP port (IPv4 or IPv6, any address). */
    public static boolean tcp(int port) {
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 3 && f[1].endsWith(hexPort) && f[3].equals(LISTEN)) {
                        return true;
                    }
                }
            } catch (IOException | RuntimeException absent) {
                // no such table (no IPv6, or not Linux): the other decides
            }
        }
        return false;
    }

    /** Polls {@link #tcp(int)} every 20 ms until it holds; fails after {@code timeoutMillis}. */
    public static void awaitTcp(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!tcp(port)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("nothing listens on TCP port " + port + " after " + timeoutMillis + " ms");
            }
            Thread.sleep(20);
        }
    }
}
