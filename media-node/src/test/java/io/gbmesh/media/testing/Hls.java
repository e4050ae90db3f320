package io.gbmesh.media.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An HLS client as far as the tests need one: the playlist, and its map and segments as one fMP4 file. */
public final class Hls {

    private Hls() {
    }

    /** GET of a playlist or segment: the status and the body. */
    public record Answer(int status, byte[] body) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public static Answer get(String url) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(10_000);
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Answer(status, in == null ? new byte[0] : in.readAllBytes());
        }
    }

    /** The URIs of a media playlist, resolved against its URL: the map's first, then the segments'. */
    public static List<String> uris(String playlistUrl, String playlist) {
        List<String> out = new ArrayList<>();
        URI base = URI.create(playlistUrl);
        for (String line : playlist.split("\n")) {
            line = line.trim();
            if (line.startsWith("#EXT-X-MAP:URI=\"")) {
                out.add(base.resolve(line.substring(16, line.indexOf('"', 16))).toString());
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                out.add(base.resolve(line).toString());
            }
        }
        return out;
    }

    /** The segments listed in a playlist. */
    public static int segments(String playlist) {
        return (int) playlist.lines().filter(l -> l.startsWith("#EXTINF")).count();
    }

    /** The playlist's map and segments, fetched and concatenated: what a player plays from it. */
    public static byte[] download(String playlistUrl) throws IOException {
        Answer playlist = get(playlistUrl);
        if (playlist.status() != 200) {
            throw new IOException("playlist: " + playlist.status() + " " + playlist.text());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String uri : uris(playlistUrl, playlist.text())) {
            Answer part = get(uri);
            if (part.status() != 200) {
                throw new IOException(uri + ": " + part.status() + " " + part.text());
            }
            out.writeBytes(part.body());
        }
        return out.toByteArray();
    }
}
