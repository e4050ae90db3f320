package io.gbmesh.media.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the real {@code ffprobe} on a file and reads what it found in the first video stream. */
public final class Ffprobe {

    /** What ffprobe decoded: codec name, size and the number of frames it read. */
    public record VideoInfo(String codec, int width, int height, int frames) {
    }

    /** What ffprobe found in the first audio stream: codec name, sample rate and the packets it read. */
    public record AudioInfo(String codec, int sampleRate, int packets) {
    }

    private Ffprobe() {
    }

    /** The first audio stream of a file, or null when it has none. */
    public static AudioInfo probeAudio(String ffprobe, Path file) throws IOException, InterruptedException {
        Map<String, String> kv = run(ffprobe, file, "a:0", "stream=codec_name,sample_rate,nb_read_packets", "-count_packets");
        if (!kv.containsKey("codec_name")) {
            return null;
        }
        return new AudioInfo(kv.get("codec_name"), parseInt(kv.get("sample_rate")), parseInt(kv.get("nb_read_packets")));
    }

    private static Map<String, String> run(String ffprobe, Path file, String select, String entries, String count)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(ffprobe, "-v", "error", "-select_streams", select, count,
                "-show_entries", entries, "-of", "default=noprint_wrappers=1", file.toString()))
                .redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffprobe did not finish on " + file);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> kv = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        return kv;
    }

    /** Skips the calling test, saying why, when ffprobe is not installed. */
    public static String requireFfprobe() {
        for (String dir : (System.getenv().getOrDefault("PATH", "") + ":/usr/bin:/usr/local/bin").split(":")) {
            Path p = Path.of(dir.isEmpty() ? "." : dir, "ffprobe");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        Assumptions.assumeTrue(false, "ffprobe is not installed (Debian package ffmpeg); skipping the decode check");
        return null;
    }

    /**
     * The ffprobe of FFmpeg 7.1 that the JavaCPP FFmpeg artifact (the pusher's) ships: Debian 12's
     * FFmpeg 5.1 does not read H.265 in FLV, which FFmpeg reads since 6.1 (Enhanced RTMP's {@code hvc1}).
     */
    public static String bundledFfprobe() {
        try {
            return org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffprobe.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            Assumptions.assumeTrue(false, "the bundled ffprobe cannot run here: " + e);
            return null;
        }
    }

    public static VideoInfo probe(Path file) throws IOException, InterruptedException {
        return probe(requireFfprobe(), file);
    }

    public static VideoInfo probe(String ffprobe, Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of(ffprobe, "-v", "error", "-select_streams", "v:0", "-count_frames",
                "-show_entries", "stream=codec_name,width,height,nb_read_frames", "-of", "default=noprint_wrappers=1",
                file.toString())).redirectErrorStream(true).start();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("ffprobe did not finish on " + file);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> kv = new HashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                kv.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
            }
        }
        if (!kv.containsKey("codec_name")) {
            throw new IOException("ffprobe found no video stream in " + file + ": " + out);
        }
        return new VideoInfo(kv.get("codec_name"), Integer.parseInt(kv.getOrDefault("width", "0")),
                Integer.parseInt(kv.getOrDefault("height", "0")), parseInt(kv.get("nb_read_frames")));
    }

    private static int parseInt(String s) {
        try {
            return s == null ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
