package io.gbmesh.media.push;

import io.vertx.core.json.JsonObject;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.font.TextLayout;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import javax.imageio.ImageIO;

/**
 * A watermark a push asks for: a text ({@code {time}} in it becomes the current time, to the second)
 * drawn white with a dark outline, or a picture (PNG or JPEG, base64), or both, at ({@code x}, {@code y})
 * from the top left. The overlay is made here as an RGBA picture and put on the video by FFmpeg's
 * {@code overlay} filter ({@link WatermarkTranscoder}); the JavaCPP FFmpeg build has no {@code drawtext}
 * (no libfreetype), so the text is drawn with Java2D.
 */
public final class Watermark {
    /** Most characters of a text, and bytes of a picture. */
    static final int MAX_TEXT = 200;
    static final int MAX_IMAGE_BYTES = 512 * 1024;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final String text;
    private final BufferedImage image;
    private final int x;
    private final int y;
    private final int fontSize;
    private final Clock clock;

    Watermark(String text, BufferedImage image, int x, int y, int fontSize, Clock clock) {
        this.text = text;
        this.image = image;
        this.x = x;
        this.y = y;
        this.fontSize = fontSize;
        this.clock = clock;
    }

    /**
     * The watermark of {@code {"text"?, "image"? (base64 PNG/JPEG), "x"?, "y"?, "fontSize"?}}; an
     * {@link IllegalArgumentException} says what is wrong.
     */
    public static Watermark fromJson(Object value) {
        if (!(value instanceof JsonObject json)) {
            throw new IllegalArgumentException("must be an object {\"text\"?, \"image\"?, \"x\"?, \"y\"?, \"fontSize\"?}");
        }
        String text = json.getValue("text") instanceof String s ? s : null;
        String image = json.getValue("image") instanceof String s ? s : null;
        if (text == null && image == null) {
            throw new IllegalArgumentException("text or image is needed");
        }
        if (text != null && (text.isEmpty() || text.length() > MAX_TEXT)) {
            throw new IllegalArgumentException("text must be 1 to " + MAX_TEXT + " characters");
        }
        BufferedImage picture = null;
        if (image != null) {
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(image);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("image must be base64");
            }
            if (bytes.length > MAX_IMAGE_BYTES) {
                throw new IllegalArgumentException("image is over " + MAX_IMAGE_BYTES + " bytes");
            }
            try {
                picture = ImageIO.read(new ByteArrayInputStream(bytes));
            } catch (IOException | RuntimeException e) {
                picture = null;
            }
            if (picture == null || picture.getWidth() > 1920 || picture.getHeight() > 1080) {
                throw new IllegalArgumentException("image must be a PNG or JPEG of at most 1920x1080");
            }
        }
        int x = number(json, "x", 16, 0, 4096);
        int y = number(json, "y", 16, 0, 4096);
        int size = number(json, "fontSize", 24, 8, 200);
        return new Watermark(text, picture, x, y, size, Clock.systemDefaultZone());
    }

    private static int number(JsonObject json, String name, int fallback, int min, int max) {
        Object v = json.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n) || n.intValue() < min || n.intValue() > max) {
            throw new IllegalArgumentException(name + " must be a number from " + min + " to " + max);
        }
        return n.intValue();
    }

    /** A transcoder putting this watermark on a push's frames (one per connection). */
    public StreamPusher.FrameTransform transform() {
        return new WatermarkTranscoder(this);
    }

    int x() {
        return x;
    }

    int y() {
        return y;
    }

    /** The text as drawn now ({@code {time}} filled in), or null without text. */
    String textNow() {
        return text == null ? null : text.replace("{time}", LocalDateTime.now(clock).format(TIME));
    }

    /** The overlay picture for {@code textNow}: the image, with the text under it. */
    BufferedImage render(String textNow) {
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, fontSize);
        int textW = 0;
        int textH = 0;
        TextLayout layout = null;
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D pg = probe.createGraphics();
        if (textNow != null) {
            layout = new TextLayout(textNow, font, pg.getFontRenderContext());
            textW = (int) Math.ceil(layout.getAdvance()) + 4;
            textH = (int) Math.ceil(layout.getAscent() + layout.getDescent()) + 4;
        }
        pg.dispose();
        int imageW = image == null ? 0 : image.getWidth();
        int imageH = image == null ? 0 : image.getHeight();
        int w = Math.max(2, even(Math.max(textW, imageW)));
        int h = Math.max(2, even(imageH + textH));
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        if (image != null) {
            g.drawImage(image, 0, 0, null);
        }
        if (layout != null) {
            java.awt.Shape outline = layout.getOutline(java.awt.geom.AffineTransform.getTranslateInstance(2,
                    imageH + 2 + layout.getAscent()));
            g.setColor(new Color(0, 0, 0, 200));
            g.setStroke(new BasicStroke(Math.max(2f, fontSize / 8f)));
            g.draw(outline);
            g.setColor(Color.WHITE);
            g.fill(outline);
        }
        g.dispose();
        return out;
    }

    private static int even(int v) {
        return (v + 1) & ~1;
    }
}
