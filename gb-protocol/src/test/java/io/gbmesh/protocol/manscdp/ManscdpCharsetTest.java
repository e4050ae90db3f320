package io.gbmesh.protocol.manscdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bodies are decoded by what devices really send, whatever the XML declaration claims. */
class ManscdpCharsetTest {

    private static final Charset GBK = Charset.forName("GBK");

    private static String keepaliveWithStatus(String declaration, String status) {
        return declaration + "<Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>34020000001320000002</DeviceID>"
                + "<Status>" + status + "</Status></Notify>";
    }

    private static String status(byte[] body) {
        return ManscdpCodec.parse(body).text("Status").orElseThrow();
    }

    @Test
    void declaredGb2312WithGbkOnlyCharacterStillDecodes() {
        byte[] body = keepaliveWithStatus("<?xml version=\"1.0\" encoding=\"GB2312\"?>", "朱镕基路").getBytes(GBK);

        assertEquals("朱镕基路", status(body));
    }

    @Test
    void declaredGbkDecodes() {
        byte[] body = keepaliveWithStatus("<?xml version=\"1.0\" encoding=\"gbk\"?>", "前门").getBytes(GBK);

        assertEquals("前门", status(body));
    }

    @Test
    void declaredUtf8WithValidUtf8Decodes() {
        byte[] body = keepaliveWithStatus("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "前门").getBytes(StandardCharsets.UTF_8);

        assertEquals("前门", status(body));
    }

    @Test
    void declaredUtf8WithGbBytesFallsBackToGb18030() {
        byte[] body = keepaliveWithStatus("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "前门摄像机").getBytes(GBK);

        assertEquals("前门摄像机", status(body));
    }

    @Test
    void noDeclarationAndUtf8IsUtf8() {
        assertEquals("大厅", status(keepaliveWithStatus("", "大厅").getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void noDeclarationAndGbBytesIsGb18030() {
        assertEquals("大厅", status(keepaliveWithStatus("", "大厅").getBytes(GBK)));
    }

    @Test
    void utf8ByteOrderMarkIsSkipped() {
        byte[] text = keepaliveWithStatus("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "大厅").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[text.length + 3];
        body[0] = (byte) 0xEF;
        body[1] = (byte) 0xBB;
        body[2] = (byte) 0xBF;
        System.arraycopy(text, 0, body, 3, text.length);

        assertEquals("大厅", status(body));
    }
}
