package io.gbmesh.protocol.manscdp;

import org.junit.jupiter.api.Test;

import java.nio.charset.Charset;
import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Device-side bodies for the simulator: reference layout without indent, CRLF, and they parse back. */
class ManscdpDeviceMessagesTest {

    private static final Charset GB18030 = Charset.forName("GB18030");
    private static final String DEVICE = "34020000001320000002";

    @Test
    void keepaliveHasDeviceLayoutWithCrlfLineEnds() {
        String expected = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n"
                + "<Notify>\r\n"
                + "<CmdType>Keepalive</CmdType>\r\n"
                + "<SN>9</SN>\r\n"
                + "<DeviceID>34020000001320000002</DeviceID>\r\n"
                + "<Status>OK</Status>\r\n"
                + "</Notify>\r\n";

        assertArrayEquals(expected.getBytes(GB18030), ManscdpDeviceMessages.keepalive(9, DEVICE));
    }

    @Test
    void keepaliveParsesBack() {
        assertEquals(new Keepalive(DEVICE, "OK", 9),
                Keepalive.from(ManscdpCodec.parse(ManscdpDeviceMessages.keepalive(9, DEVICE))));
    }

    @Test
    void deviceInfoResponseParsesBack() {
        byte[] body = ManscdpDeviceMessages.deviceInfoResponse(10019, DEVICE, "IP CAMERA", "Hikvision", "DS-2CD5024EFWD", "V5.5.85", 4);

        assertEquals(new DeviceInfoResponse("IP CAMERA", "Hikvision", "DS-2CD5024EFWD", "V5.5.85", OptionalInt.of(4), "OK"),
                DeviceInfoResponse.from(ManscdpCodec.parse(body)));
    }

    @Test
    void deviceStatusResponseParsesBack() {
        DeviceStatusResponse status = new DeviceStatusResponse("ONLINE", "OK", "2025-04-22T11:14:23", "ON", "OFF",
                List.of(new AlarmDutyStatus("34020000001340000001", "ONDUTY"), new AlarmDutyStatus("34020000001340000002", "ALARM")),
                "OK");

        byte[] body = ManscdpDeviceMessages.deviceStatusResponse(10018, DEVICE, status);

        assertEquals(status, DeviceStatusResponse.from(ManscdpCodec.parse(body)));
    }

    @Test
    void configDownloadResponseKeepsAbsentNumbersAbsent() {
        BasicParam param = new BasicParam("IP CAMERA", DEVICE, "34020000002000000001", "192.168.0.110",
                OptionalInt.of(15060), "3402000000", OptionalInt.of(3600), OptionalInt.of(30), OptionalInt.empty(),
                OptionalInt.empty());

        byte[] body = ManscdpDeviceMessages.configDownloadResponse(10020, DEVICE, param);

        ConfigDownloadResponse parsed = ConfigDownloadResponse.from(ManscdpCodec.parse(body));
        assertEquals(param, parsed.basicParam().orElseThrow());
        assertEquals(OptionalInt.empty(), parsed.basicParam().orElseThrow().heartBeatCount());
    }

    @Test
    void chineseChannelNamesRoundTripAndAreWrittenAsGb2312Bytes() {
        List<CatalogItem> items = List.of(
                CatalogItem.builder("34020000001310000001").name("前门摄像机").parental(0).status("ON").build(),
                CatalogItem.builder("34020000001310000002").name("大厅 #2 <主>").parental(0).status("OFF").build());

        byte[] body = ManscdpDeviceMessages.catalogResponse(10021, DEVICE, 2, items);

        CatalogResponse parsed = CatalogResponse.from(ManscdpCodec.parse(body));
        assertEquals(items, parsed.items());
        assertEquals("前门摄像机", parsed.items().get(0).name());
        assertEquals("大厅 #2 <主>", parsed.items().get(1).name());
        assertTrue(indexOf(body, new byte[] {(byte) 0xC7, (byte) 0xB0, (byte) 0xC3, (byte) 0xC5}) > 0,
                "前门 is written as the GB2312 bytes C7 B0 C3 C5");
    }

    @Test
    void catalogResponsePageCarriesSumNumAndNumOfThisPage() {
        List<CatalogItem> page = List.of(CatalogItem.builder("34020000001310000003").name("c3").build());

        CatalogResponse parsed = CatalogResponse.from(ManscdpCodec.parse(
                ManscdpDeviceMessages.catalogResponse(5, DEVICE, 3, page)));

        assertEquals(3, parsed.sumNum());
        assertEquals(OptionalInt.of(1), parsed.declaredNum());
        assertEquals(page, parsed.items());
    }

    @Test
    void catalogItemWithEveryOptionalFieldRoundTrips() {
        CatalogItem item = CatalogItem.builder("34020000001310000001")
                .name("cam").manufacturer("Hikvision").model("IPC").owner("Owner").civilCode("3402000000")
                .address("Gate").parental(0).parentId(DEVICE).safetyWay(0).registerWay(1).secrecy(0)
                .status("ON").ipAddress("192.168.0.64").port(5060).longitude(121.4737).latitude(0.00001)
                .ptzType(1).build();

        CatalogResponse parsed = CatalogResponse.from(ManscdpCodec.parse(
                ManscdpDeviceMessages.catalogResponse(1, DEVICE, 1, List.of(item))));

        assertEquals(item, parsed.items().get(0));
        assertEquals(OptionalDouble.of(0.00001), parsed.items().get(0).latitude());
    }

    @Test
    void catalogNotifyCarriesEvents() {
        List<CatalogItem> changes = List.of(
                CatalogItem.builder("34020000001310000001").event("OFF").status("OFF").build(),
                CatalogItem.builder("34020000001310000009").event("ADD").name("新通道").status("ON").build());

        ManscdpDocument document = ManscdpCodec.parse(ManscdpDeviceMessages.catalogNotify(42, DEVICE, changes));

        assertEquals(ManscdpRoot.Notify, document.root());
        CatalogNotify notify = CatalogNotify.from(document);
        assertEquals(OptionalInt.of(2), notify.sumNum());
        assertEquals(changes, notify.items());
        assertEquals("ADD", notify.items().get(1).event());
    }

    @Test
    void alarmNotifyParsesBack() {
        Alarm alarm = new Alarm("34020000001310000001", 99, "4", "5", "2025-04-22T11:26:02", "移动侦测", "2",
                OptionalDouble.of(121.5), OptionalDouble.of(31.2));

        assertEquals(alarm, Alarm.from(ManscdpCodec.parse(ManscdpDeviceMessages.alarmNotify(99, alarm))));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
