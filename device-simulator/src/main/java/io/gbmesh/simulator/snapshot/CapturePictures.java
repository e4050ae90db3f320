package io.gbmesh.simulator.snapshot;

import io.gbmesh.simulator.media.PsRecording;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * JPEGs of the capture the device streams, as a camera's pictures are of what it sees: FFmpeg decodes
 * the PS file and writes one picture per second of it, at the capture's own size. Blocking (a process
 * and its files): call it off the event loops.
 */
final class CapturePictures {
    /** The capture in a file FFmpeg can read: the bundled one is copied out of the jar once. */
    private static Path bundledCopy;

    private CapturePictures() {
    }

    /**
     * {@code count} JPEGs one second of the capture apart, starting {@code offsetSeconds} into it.
     *
     * @param ffmpeg     the FFmpeg program
     * @param mediaFile  the device's PS capture, or null for the bundled one
     */
    static List<byte[]> take(String ffmpeg, String mediaFile, int count, int offsetSeconds) {
        Path dir = null;
        try {
            Path source = mediaFile != null ? Path.of(mediaFile) : bundled();
            dir = Files.createTempDirectory("gbmesh-sim-snap");
            Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
                    "-ss", Integer.toString(offsetSeconds), "-f", "mpeg", "-i", source.toString(),
                    "-vf", "fps=1", "-frames:v", Integer.toString(count), "-q:v", "3", dir.resolve("%02d.jpg").toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("ffmpeg took more than 30 s");
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg exited with " + p.exitValue());
            }
            List<byte[]> pictures = new ArrayList<>();
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    pictures.add(Files.readAllBytes(f));
                }
            }
            if (pictures.isEmpty()) {
                throw new IllegalStateException("ffmpeg made no picture");
            }
            // a capture shorter than the pictures asked for: its last picture again
            while (pictures.size() < count) {
                pictures.add(pictures.get(pictures.size() - 1));
            }
            return pictures;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            delete(dir);
        }
    }

    private static synchronized Path bundled() throws IOException {
        if (bundledCopy == null || !Files.exists(bundledCopy)) {
            Path copy = Files.createTempFile("gbmesh-sim-capture", ".ps");
            copy.toFile().deleteOnExit();
            try (InputStream in = PsRecording.class.getResourceAsStream(PsRecording.BUNDLED)) {
                if (in == null) {
                    throw new IOException("the bundled media " + PsRecording.BUNDLED + " is missing");
                }
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            bundledCopy = copy;
        }
        return bundledCopy;
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
