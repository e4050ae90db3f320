package io.gbmesh.protocol.manscdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Named malformed vectors: each one is a {@link ManscdpParseException}, never anything else. */
class ManscdpMalformedTest {

    private static ManscdpParseException rejected(String body) {
        return rejected(body.getBytes(StandardCharsets.UTF_8));
    }

    private static ManscdpParseException rejected(byte[] body) {
        return assertThrows(ManscdpParseException.class, () -> ManscdpCodec.parse(body));
    }

    @Test
    void externalEntityIsRefusedWithoutReadingTheFile() {
        ManscdpParseException e = rejected("<?xml version=\"1.0\" encoding=\"GB2312\"?>\n"
                + "<!DOCTYPE Query [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
                + "<Query><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>&xxe;</DeviceID></Query>");

        assertTrue(e.getMessage().contains("DOCTYPE"), e.getMessage());
    }

    @Test
    void anyDoctypeIsRefused() {
        rejected("<!doctype Query><Query><CmdType>Catalog</CmdType><SN>1</SN></Query>");
    }

    @Test
    void undeclaredEntityReferenceIsRefused() {
        rejected("<Query><CmdType>Catalog</CmdType><SN>1</SN><DeviceID>&xxe;</DeviceID></Query>");
    }

    @Test
    void truncatedXml() {
        rejected("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Query>\r\n  <CmdType>Catalog</CmdType>\r\n  <SN>1");
    }

    @Test
    void notXml() {
        rejected("SIP/2.0 200 OK");
    }

    @Test
    void emptyBody() {
        rejected(new byte[0]);
    }

    @Test
    void onlyWhitespaceAndNuls() {
        rejected(new byte[] {' ', '\r', '\n', 0, 0});
    }

    @Test
    void unknownRoot() {
        rejected("<Request><CmdType>Catalog</CmdType><SN>1</SN></Request>");
    }

    @Test
    void snNotANumber() {
        rejected("<Query><CmdType>Catalog</CmdType><SN>abc</SN></Query>");
    }

    @Test
    void missingSn() {
        rejected("<Query><CmdType>Catalog</CmdType></Query>");
    }

    @Test
    void missingCmdType() {
        rejected("<Query><SN>1</SN></Query>");
    }

    @Test
    void mismatchedClosingTag() {
        rejected("<Query><CmdType>Catalog</CmdType><SN>1</SN></Response>");
    }

    @Test
    void catalogWithoutSumNum() {
        ManscdpDocument document = ManscdpCodec.parse("<Response><CmdType>Catalog</CmdType><SN>1</SN></Response>"
                .getBytes(StandardCharsets.US_ASCII));

        assertThrows(ManscdpParseException.class, () -> CatalogResponse.from(document));
    }

    @Test
    void typedViewOfTheWrongMessage() {
        ManscdpDocument document = ManscdpCodec.parse("<Notify><CmdType>Keepalive</CmdType><SN>1</SN></Notify>"
                .getBytes(StandardCharsets.US_ASCII));

        assertThrows(ManscdpParseException.class, () -> CatalogResponse.from(document));
    }

    @Test
    void bodyOverTheSizeLimitIsRefusedBeforeDecoding() {
        byte[] body = new byte[ManscdpCodec.MAX_BODY_BYTES + 1];
        Arrays.fill(body, (byte) ' ');

        ManscdpParseException e = rejected(body);

        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
    }

    @Test
    void tooManyElementsAreRefused() {
        String items = "<Item/>".repeat(ManscdpCodec.MAX_ELEMENTS + 1);

        ManscdpParseException e = rejected("<Response><CmdType>Catalog</CmdType><SN>1</SN><SumNum>1</SumNum>"
                + "<DeviceList>" + items + "</DeviceList></Response>");

        assertTrue(e.getMessage().contains("too many"), e.getMessage());
    }
}
