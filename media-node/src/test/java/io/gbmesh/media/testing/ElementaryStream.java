package io.gbmesh.media.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The video elementary stream of a file as FFmpeg copies it out ({@code ffmpeg -i in -map 0:v:0 -c:v copy
 * -f h264|hevc}), as NAL units, and the check that a viewer's file carries exactly those of a capture.
 */
public final class ElementaryStream {

    private ElementaryStream() {
    }

    /** The bundled FFmpeg 7.1 (Debian's 5.1 does not read H.265 in FLV), or the test is skipped. */
    public static String bundledFfmpeg() {
        try {
            return org.bytedeco.javacpp.Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            Assumptions.assumeTrue(false, "the bundled ffmpeg cannot run here: " + e);
            return null;
        }
    }

    /** FFmpeg's Annex-B copy of the first video stream of {@code input} in {@code format} ({@code h264}, {@code hevc}). */
    public static byte[] copy(String ffmpeg, Path input, String format) throws IOException, InterruptedException {
        Path out = Files.createTempFile("es-", "." + format);
        try {
            Process p = new ProcessBuilder(ffmpeg, "-y", "-v", "error", "-i", input.toString(), "-map", "0:v:0",
                    "-c:v", "copy", "-f", format, out.toString()).redirectErrorStream(true).start();
            byte[] log = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("ffmpeg failed on " + input + ": " + new String(log));
            }
            return Files.readAllBytes(out);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    public static byte[] copy(String ffmpeg, byte[] input, String extension, String format) throws Exception {
        Path file = Files.createTempFile("viewer-", extension);
        try {
            Files.write(file, input);
            return copy(ffmpeg, file, format);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The NAL units of an Annex-B stream (start codes and trailing zero bytes off). */
    public static List<byte[]> nalUnits(byte[] es) {
        List<byte[]> out = new ArrayList<>();
        int start = -1;
        int i = 0;
        while (i + 3 <= es.length) {
            if (es[i] == 0 && es[i + 1] == 0 && es[i + 2] == 1) {
                if (start >= 0) {
                    out.add(trim(es, start, i));
                }
                start = i + 3;
                i += 3;
            } else {
                i++;
            }
        }
        if (start >= 0) {
            out.add(trim(es, start, es.length));
        }
        return out;
    }

    private static byte[] trim(byte[] es, int from, int to) {
        while (to > from && es[to - 1] == 0) {
            to--;
        }
        return Arrays.copyOfRange(es, from, to);
    }

    /** Whether a NAL unit is a parameter set or an access unit delimiter (which containers carry elsewhere). */
    public static boolean outOfBand(byte[] nal, boolean hevc) {
        int type = hevc ? (nal[0] >> 1) & 0x3F : nal[0] & 0x1F;
        return hevc ? type >= 32 && type <= 35 : type == 7 || type == 8 || type == 9;
    }

    /**
     * Asserts that the viewer's stream is the reference's, byte for byte, from one of its key frames on
     * for at least {@code minUnits} NAL units: its slices and SEI are a contiguous run of the reference's,
     * and each parameter set it carries is one of the reference's.
     */
    public static void assertCarries(String what, byte[] reference, byte[] viewer, boolean hevc, int minUnits) {
        List<byte[]> ref = nalUnits(reference);
        List<byte[]> got = nalUnits(viewer);
        for (byte[] nal : got) {
            if (outOfBand(nal, hevc) && ref.stream().noneMatch(r -> Arrays.equals(r, nal))) {
                fail(what + ": a parameter set that the capture does not have");
            }
        }
        List<byte[]> refMedia = ref.stream().filter(n -> !outOfBand(n, hevc)).toList();
        List<byte[]> gotMedia = got.stream().filter(n -> !outOfBand(n, hevc)).toList();
        assertTrue(gotMedia.size() >= minUnits, what + ": " + gotMedia.size() + " NAL units, at least " + minUnits
                + " expected");
        int at = -1;
        for (int k = 0; k + gotMedia.size() <= refMedia.size(); k++) {
            if (Arrays.equals(refMedia.get(k), gotMedia.get(0))) {
                at = k;
                break;
            }
        }
        assertTrue(at >= 0, what + ": the first NAL unit is none of the capture's");
        for (int i = 0; i < gotMedia.size(); i++) {
            if (!Arrays.equals(refMedia.get(at + i), gotMedia.get(i))) {
                fail(what + ": NAL unit " + i + " (capture's " + (at + i) + ") differs");
            }
        }
    }
}
