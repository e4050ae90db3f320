package io.gbmesh.protocol.manscdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What real devices send and the parser must accept anyway. */
class ManscdpToleranceTest {

    private static ManscdpDocument parse(String text) {
        return ManscdpCodec.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void leadingWhitespaceAndTrailingNulPaddingAreIgnored() {
        byte[] text = "\r\n  <?xml version=\"1.0\"?><Notify><CmdType>Keepalive</CmdType><SN>3</SN></Notify>\r\n"
                .getBytes(StandardCharsets.US_ASCII);
        byte[] padded = new byte[text.length + 8];
        System.arraycopy(text, 0, padded, 0, text.length);

        assertEquals(3, ManscdpCodec.parse(padded).sn());
    }

    @Test
    void offsetAndLengthSelectTheBodyInsideALargerBuffer() {
        byte[] message = "HEADERS\r\n\r\n<Notify><CmdType>Keepalive</CmdType><SN>4</SN></Notify>TRAILER"
                .getBytes(StandardCharsets.US_ASCII);
        int start = 11;
        int length = message.length - start - "TRAILER".length();

        assertEquals(4, ManscdpCodec.parse(message, start, length).sn());
    }

    @Test
    void elementNameCaseVariantsMatch() {
        ManscdpDocument document = parse("<response><cmdtype>DeviceStatus</cmdtype><Sn>5</Sn><DeviceId>3402</DeviceId>"
                + "<ONLINE>ONLINE</ONLINE><AlarmStatus Num=\"1\"><item><deviceid>a1</deviceid><DutyStatus>ALARM</DutyStatus></item></AlarmStatus>"
                + "</response>");

        assertEquals(ManscdpRoot.Response, document.root());
        assertEquals("3402", document.deviceId());
        assertEquals(true, document.isCmdType("devicestatus"));
        DeviceStatusResponse status = DeviceStatusResponse.from(document);
        assertEquals("ONLINE", status.online());
        assertEquals("a1", status.alarmStatuses().get(0).deviceId());
    }

    @Test
    void singleItemIsAListOfOne() {
        CatalogResponse catalog = CatalogResponse.from(parse("<Response><CmdType>Catalog</CmdType><SN>1</SN>"
                + "<DeviceID>d</DeviceID><SumNum>1</SumNum><DeviceList Num=\"1\"><Item><DeviceID>c1</DeviceID>"
                + "<Name>only</Name></Item></DeviceList></Response>"));

        assertEquals(1, catalog.items().size());
        assertEquals("only", catalog.items().get(0).name());
    }

    @Test
    void emptyDeviceListAndSelfClosingElementsAreEmpty() {
        CatalogResponse catalog = CatalogResponse.from(parse("<Response><CmdType>Catalog</CmdType><SN>1</SN>"
                + "<DeviceID>d</DeviceID><SumNum>0</SumNum><DeviceList Num=\"0\"/></Response>"));

        assertEquals(0, catalog.sumNum());
        assertEquals(OptionalInt.of(0), catalog.declaredNum());
        assertEquals(0, catalog.items().size());
    }

    @Test
    void junkInAnOptionalItemNumberIsAbsentNotAFailure() {
        CatalogResponse catalog = CatalogResponse.from(parse("<Response><CmdType>Catalog</CmdType><SN>1</SN>"
                + "<SumNum>1</SumNum><DeviceList Num=\"1\"><Item><DeviceID>c1</DeviceID><Port>none</Port>"
                + "<Longitude></Longitude><Info><PTZType>3</PTZType></Info></Item></DeviceList></Response>"));

        CatalogItem item = catalog.items().get(0);
        assertEquals(OptionalInt.empty(), item.port());
        assertEquals(false, item.longitude().isPresent());
        assertEquals(OptionalInt.of(3), item.ptzType());
    }

    @Test
    void alarmTypeAtTheRootIsReadWhenNoInfo() {
        Alarm alarm = Alarm.from(parse("<Notify><CmdType>Alarm</CmdType><SN>2</SN><DeviceID>a</DeviceID>"
                + "<AlarmPriority>1</AlarmPriority><AlarmType>5</AlarmType><Longitude>121.5</Longitude></Notify>"));

        assertEquals("5", alarm.alarmType());
        assertEquals(121.5, alarm.longitude().getAsDouble());
    }

    @Test
    void repeatedItemsInterleavedWithOtherElementsAreAllKept() {
        CatalogResponse catalog = CatalogResponse.from(parse("<Response><CmdType>Catalog</CmdType><SN>1</SN>"
                + "<SumNum>3</SumNum><DeviceList Num=\"3\"><Item><DeviceID>c1</DeviceID></Item><Item><DeviceID>c2</DeviceID></Item>"
                + "<Item><DeviceID>c3</DeviceID></Item></DeviceList></Response>"));

        assertEquals(3, catalog.items().size());
        assertEquals("c3", catalog.items().get(2).deviceId());
    }

    @Test
    void longNamesInCommentsAndCdataAreText() {
        ManscdpDocument document = ManscdpCodec.parse(("<Response><CmdType>Keepalive</CmdType><SN>1</SN><!-- <" + "x".repeat(5_000)
                + " --><Info><![CDATA[<" + "y".repeat(5_000) + "]]></Info></Response>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertEquals("<" + "y".repeat(5_000), document.rootElement().childTextOrEmpty("Info"));
    }

    @Test
    void everySpellingOfANameIsFoundExactOneFirst() {
        ManscdpDocument document = ManscdpCodec.parse(("<Response><CmdType>Keepalive</CmdType><SN>1</SN>"
                + "<deviceid>b</deviceid><DeviceID>a</DeviceID><DEVICEID>c</DEVICEID></Response>").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("a", "b", "c"),
                document.rootElement().children("DeviceID").stream().map(ManscdpElement::text).toList());
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("b", "a", "c"),
                document.rootElement().children("Deviceid").stream().map(ManscdpElement::text).toList());
    }
}
