package io.gbmesh.protocol.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** The recorded vectors under {@code src/test/resources/vectors}. */
public final class TestVectors {

    /** A real Hikvision-style PS capture: 53.9 s of 704x576 H.264, 1347 frames by ffprobe. */
    public static final String CAMERA_PS = "camera-704x576-h264.ps";
    /** ffmpeg's H.264 elementary stream for the capture; its demux of the PS is a byte-prefix of it. */
    public static final String CAMERA_H264 = "camera-704x576-h264.264";
    public static final int CAMERA_FRAMES = 1347;

    private TestVectors() {
    }

    public static byte[] read(String name) {
        try (InputStream in = TestVectors.class.getResourceAsStream("/vectors/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
