package io.gbmesh.api.snapshots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

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
