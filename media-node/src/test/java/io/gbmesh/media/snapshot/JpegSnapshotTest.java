package io.gbmesh.media.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.protocol.media.MediaFrame;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/** A stream's last key frame as a JPEG: it decodes (Java's own JPEG reader) at the stream's picture size. */
class JpegSnapshotTest {

    private static MediaFrame lastKeyFrame(java.util.List<MediaFrame> frames) {
        KeyFrameKeeper keeper = new KeyFrameKeeper();
        frames.forEach(keeper::frame);
        assertNotNull(keeper.last(), "no key frame kept");
        return keeper.last();
    }

    private static BufferedImage decode(byte[] jpeg) throws Exception {
        assertEquals((byte) 0xFF, jpeg[0]);
        assertEquals((byte) 0xD8, jpeg[1]);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(jpeg));
        assertNotNull(image, "not a JPEG Java can read");
        return image;
    }

    @Test
    void anH264KeyFrameBecomesAJpegAtTheStreamsSize() throws Exception {
        BufferedImage image = decode(JpegSnapshot.encode(lastKeyFrame(Capture.frames(3))));
        assertEquals(704, image.getWidth());
        assertEquals(576, image.getHeight());
        assertTrue(distinctColours(image) > 50, "the picture is flat: not the camera's image");
    }

    @Test
    void anH265KeyFrameBecomesAJpegAtTheStreamsSize() throws Exception {
        BufferedImage image = decode(JpegSnapshot.encode(lastKeyFrame(Capture.H265.demuxed(3))));
        assertEquals(320, image.getWidth());
        assertEquals(240, image.getHeight());
        assertTrue(distinctColours(image) > 50, "the picture is flat: not the camera's image");
    }

    @Test
    void aKeyFrameWithoutParameterSetsIsNotKept() {
        KeyFrameKeeper keeper = new KeyFrameKeeper();
        keeper.frame(MediaFrame.of(io.gbmesh.protocol.media.Codec.H264, 0xE0, 0, 0, true, new byte[] {0, 0, 0, 1, 0x65}));
        assertEquals(null, keeper.last());
    }

    private static int distinctColours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 7) {
            for (int x = 0; x < image.getWidth(); x += 7) {
                seen.add(image.getRGB(x, y) & 0xF0F0F0);
            }
        }
        return seen.size();
    }
}
