package io.gbmesh.api.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** What devices upload: the JPEG is found raw or in a multipart form, and nothing that is not a JPEG is taken. */
class JpegBodyTest {
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0,
            '\r', '\n', '-', '-', (byte) 0xFF, (byte) 0xD9};

    @Test
    void aRawJpegIsTakenWhateverItsContentType() {
        assertArrayEquals(JPEG, JpegBody.extract("application/octet-stream", JPEG).jpeg());
        assertArrayEquals(JPEG, JpegBody.extract(null, JPEG).jpeg());
    }

    @Test
    void aRawBodyThatIsNotAJpegIsRefused() {
        assertNull(JpegBody.extract("image/jpeg", "GIF89a....".getBytes(StandardCharsets.US_ASCII)));
        assertNull(JpegBody.extract("image/jpeg", new byte[0]));
    }

    @Test
    void theFilePartOfAFormIsFoundWithItsName() {
        byte[] body = form("\r\n", "abc123", "34020000001310000001022025081609220800000.jpg");
        JpegBody.Picture p = JpegBody.extract("multipart/form-data; boundary=abc123", body);
        assertArrayEquals(JPEG, p.jpeg());
        assertEquals("34020000001310000001022025081609220800000.jpg", p.fileName());
    }

    @Test
    void aQuotedBoundaryAndLinesEndedByLfAloneAreRead() {
        byte[] body = form("\n", "x-y z", "a.jpg");
        assertArrayEquals(JPEG, JpegBody.extract("multipart/form-data; boundary=\"x-y z\"", body).jpeg());
    }

    @Test
    void aFormWithoutAJpegIsRefused() {
        String body = "--b\r\nContent-Disposition: form-data; name=\"SessionID\"\r\n\r\nabc\r\n--b--\r\n";
        assertNull(JpegBody.extract("multipart/form-data; boundary=b", body.getBytes(StandardCharsets.US_ASCII)));
        assertNull(JpegBody.extract("multipart/form-data", JPEG), "a form without its boundary");
    }

    @Test
    void aLargeFormOfManyTinyPartsIsGivenUpInLinearTime() {
        // parts separated by LF alone, none with a CRLFCRLF: a search for that to the end of the body per
        // part made this quadratic (128 KiB took seconds, 1 MiB minutes)
        byte[] part = "--b\nX\n\nY\n".getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[4 * 1024 * 1024];
        for (int i = 0; i + part.length <= body.length; i += part.length) {
            System.arraycopy(part, 0, body, i, part.length);
        }
        for (String type : new String[] {"multipart/form-data; boundary=b", "multipart/form-data; boundary=c"}) {
            long start = System.nanoTime();
            assertNull(JpegBody.extract(type, body));
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(millis < 2_000, type + ": " + millis + " ms for 4 MiB");
        }
    }

    @Test
    void aPartWhoseHeadersDoNotEndWithinTheirBoundIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.jpg\"\r\nX-Pad: " + "p".repeat(9000)
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(JPEG);
        out.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        assertNull(JpegBody.extract("multipart/form-data; boundary=b", out.toByteArray()));
    }

    @Test
    void theJpegAfterAFewFieldsIsFoundButNotAfterTooManyParts() {
        StringBuilder fields = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            fields.append("--b\r\nContent-Disposition: form-data; name=\"f").append(i).append("\"\r\n\r\nv\r\n");
        }
        assertArrayEquals(JPEG, JpegBody.extract("multipart/form-data; boundary=b", withJpeg(fields.toString())).jpeg());
        fields.setLength(0);
        for (int i = 0; i < JpegBody.MAX_PARTS; i++) {
            fields.append("--b\r\n\r\nv\r\n");
        }
        assertNull(JpegBody.extract("multipart/form-data; boundary=b", withJpeg(fields.toString())));
    }

    private static byte[] withJpeg(String fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes((fields + "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.jpg\"\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(JPEG);
        out.writeBytes("\r\n--b--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static byte[] form(String eol, String boundary, String fileName) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String head = "--" + boundary + eol + "Content-Disposition: form-data; name=\"SessionID\"" + eol + eol
                + "9a7d3a146a1e420dbd00020ed01b39e7" + eol + "--" + boundary + eol
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + fileName + "\"" + eol
                + "Content-Type: image/jpeg" + eol + eol;
        out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(JPEG);
        out.writeBytes((eol + "--" + boundary + "--" + eol).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
