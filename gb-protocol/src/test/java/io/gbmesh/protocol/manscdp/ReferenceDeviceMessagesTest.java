package io.gbmesh.protocol.manscdp;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The device bodies of reference §6.3, §6.4, §6.7 and §6.12 parse to the right fields. */
class ReferenceDeviceMessagesTest {

    @Test
    void keepaliveOfSection63() {
        ManscdpDocument document = ManscdpCodec.parse(ReferenceBodies.load("keepalive.xml"));

        assertEquals(ManscdpRoot.Notify, document.root());
        assertEquals("Keepalive", document.cmdType());
        assertEquals(new Keepalive("34020000001320000002", "OK", 9), Keepalive.from(document));
        assertTrue(Keepalive.from(document).isOk());
        assertEquals("", document.text("Info").orElseThrow(), "<Info>\\n</Info> is an empty element");
    }

    @Test
    void deviceInfoResponseOfSection64() {
        ManscdpDocument document = ManscdpCodec.parse(ReferenceBodies.load("device-info-response.xml"));

        assertEquals(10019, document.sn());
        assertEquals("34020000001320000002", document.deviceId());
        assertEquals(new DeviceInfoResponse("IP CAMERA", "Hikvision", "DS-2CD5024EFWD", "V5.5.85", OptionalInt.of(1), "OK"),
                DeviceInfoResponse.from(document));
    }

    @Test
    void deviceStatusResponseOfSection64ReadsTheLowercaseAlarmstatus() {
        ManscdpDocument document = ManscdpCodec.parse(ReferenceBodies.load("device-status-response.xml"));

        DeviceStatusResponse status = DeviceStatusResponse.from(document);
        assertEquals(10018, document.sn());
        assertTrue(status.isOnline());
        assertEquals("OK", status.status());
        assertEquals("2025-04-22T11:14:23", status.deviceTime());
        assertEquals("ON", status.encode());
        assertEquals("ON", status.record());
        assertEquals("OK", status.result());
        assertEquals(List.of(new AlarmDutyStatus("34020000001340000001", "ONDUTY")), status.alarmStatuses());
    }

    @Test
    void configDownloadResponseOfSection64() {
        ManscdpDocument document = ManscdpCodec.parse(ReferenceBodies.load("config-download-response.xml"));

        ConfigDownloadResponse response = ConfigDownloadResponse.from(document);
        assertEquals("OK", response.result());
        assertEquals(new BasicParam("IP CAMERA", "34020000001320000002", "34020000002000000001", "192.168.0.110",
                        OptionalInt.of(15060), "3402000000", OptionalInt.of(3600), OptionalInt.of(30),
                        OptionalInt.of(3), OptionalInt.of(0)),
                response.basicParam().orElseThrow());
    }

    @Test
    void catalogResponseOfSection64WithTwoItems() {
        ManscdpDocument document = ManscdpCodec.parse(ReferenceBodies.load("catalog-response.xml"));

        CatalogResponse catalog = CatalogResponse.from(document);
        assertEquals(10021, document.sn());
        assertEquals(2, catalog.sumNum());
        assertEquals(OptionalInt.of(2), catalog.declaredNum());
        assertEquals(2, catalog.items().size());
        CatalogItem camera = catalog.items().get(0);
        assertEquals(CatalogItem.builder("34020000001310000001")
                .name("hikangname").manufacturer("Hikvision").model("IP Camera").owner("Owner")
                .civilCode("3402000000").address("Address").parental(0).parentId("34020000002000000001")
                .safetyWay(0).registerWay(1).secrecy(0).status("ON")
                .build(), camera);
        CatalogItem alarmIn = catalog.items().get(1);
        assertEquals("34020000001340000001", alarmIn.deviceId());
        assertEquals("", alarmIn.name(), "<Name></Name> is empty, not absent or null");
        assertEquals("AlarmIn", alarmIn.model());
        assertEquals("34020000001320000002", alarmIn.parentId());
        assertEquals(OptionalInt.empty(), alarmIn.port());
        assertEquals(OptionalDouble.empty(), alarmIn.longitude());
    }

    @Test
    void alarmNotifyOfSection67ReadsAlarmTypeFromInfo() {
        ManscdpDocument document = ManscdpCodec.parse(ReferenceBodies.load("alarm-notify.xml"));

        assertEquals(new Alarm("34020000001310000001", 99, "4", "5", "2025-04-22T11:26:02", "", "2",
                OptionalDouble.empty(), OptionalDouble.empty()), Alarm.from(document));
    }

    @Test
    void broadcastResponseOfSection612OnOneLineWithStandaloneDeclaration() {
        ManscdpDocument document = ManscdpCodec.parse(ReferenceBodies.load("broadcast-response.xml"));

        assertTrue(document.is(ManscdpRoot.Response, "Broadcast"));
        assertEquals(10017, document.sn());
        assertEquals("OK", document.text("Result").orElseThrow());
        assertFalse(document.text("Missing").isPresent());
    }
}
