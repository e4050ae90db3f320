package io.gbmesh.media.testing;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small blocking HTTP and file helpers for the node tests. */
public final class Http {

    private Http() {
    }

    public static JsonObject getJson(String url) throws IOException {
        return getJson(url, null);
    }

    /** GET with {@code Authorization: Bearer <bearer>} when one is given. */
    public static JsonObject getJson(String url, String bearer) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (bearer != null) {
            c.setRequestProperty("Authorization", "Bearer " + bearer);
        }
        c.setConnectTimeout(2000);
        // The first JSON a JVM maps (Jackson's start) may take a second or two on a busy machine.
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** GET of a text page, such as the node's {@code /metrics}. */
    public static String getText(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(10_000);
        try (InputStream in = c.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static int status(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(2000);
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }

    /** Writes the bytes to a temporary .flv file and runs ffprobe on it. */
    public static Ffprobe.VideoInfo probeFlv(byte[] flv) throws Exception {
        return probe(Ffprobe.requireFfprobe(), flv, ".flv");
    }

    /** Writes the bytes to a temporary file with this extension and reads its audio with this ffprobe. */
    public static Ffprobe.AudioInfo probeAudio(String ffprobe, byte[] bytes, String extension) throws Exception {
        Path file = Files.createTempFile("viewer-", extension);
        try {
            Files.write(file, bytes);
            return Ffprobe.probeAudio(ffprobe, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Writes the bytes to a temporary file with this extension and runs this ffprobe on it. */
    public static Ffprobe.VideoInfo probe(String ffprobe, byte[] bytes, String extension) throws Exception {
        Path file = Files.createTempFile("viewer-", extension);
        try {
            Files.write(file, bytes);
            return Ffprobe.probe(ffprobe, file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The FLV video tag header byte (frame type, codec) of the n-th tag after the file header. */
    public static int[] tagKinds(byte[] flv, int count) {
        int[] kinds = new int[count];
        int p = 13;
        for (int i = 0; i < count; i++) {
            int dataSize = ((flv[p + 1] & 0xFF) << 16) | ((flv[p + 2] & 0xFF) << 8) | (flv[p + 3] & 0xFF);
            // High byte: frame type and codec; low byte: AVCPacketType (0 = sequence header).
            kinds[i] = ((flv[p + 11] & 0xFF) << 8) | (flv[p + 12] & 0xFF);
            p += 11 + dataSize + 4;
        }
        return kinds;
    }
}
