package io.gbmesh.protocol.manscdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Broadcast notification is byte-identical to the reference §6.12 body; the device's answer reads back. */
class ManscdpBroadcastTest {

    @Test
    void broadcastNotifyMatchesReferenceAndItsContentLength() {
        byte[] expected = String.join("\r\n",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Notify>",
                "  <CmdType>Broadcast</CmdType>",
                "  <SN>10017</SN>",
                "  <SourceID>34020000002000000001</SourceID>",
                "  <TargetID>34020000001310000001</TargetID>",
                "</Notify>").getBytes(StandardCharsets.US_ASCII);

        byte[] built = ManscdpBroadcast.notify(10017, "34020000002000000001", "34020000001310000001");

        assertArrayEquals(expected, built);
        assertEquals(200, built.length, "Content-Length of the reference Broadcast MESSAGE");
    }

    @Test
    void referenceDeviceResponseParsesToItsResult() {
        String reference = "<?xml version=\"1.0\" encoding=\"GB2312\" standalone=\"yes\" ?><Response><CmdType>Broadcast</CmdType>"
                + "<SN>10017</SN><DeviceID>34020000001310000001</DeviceID><Result>OK</Result></Response>";
        assertEquals(180, reference.length(), "Content-Length of the reference Broadcast Response");

        ManscdpDocument doc = ManscdpCodec.parse(reference.getBytes(StandardCharsets.US_ASCII));

        assertEquals("Broadcast", doc.cmdType());
        assertEquals("OK", doc.text("Result").orElseThrow());
    }

    @Test
    void builtDeviceResponseCarriesTheResult() {
        ManscdpDocument ok = ManscdpCodec.parse(ManscdpBroadcast.response(7, "34020000001310000001", true));
        ManscdpDocument refused = ManscdpCodec.parse(ManscdpBroadcast.response(8, "34020000001310000001", false));

        assertEquals("OK", ok.text("Result").orElseThrow());
        assertEquals("34020000001310000001", ok.text("DeviceID").orElseThrow());
        assertEquals("ERROR", refused.text("Result").orElseThrow());
    }
}
