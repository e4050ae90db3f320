package io.gbmesh.protocol.manscdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/**
 * Subscription bodies, the alarm confirmation and the alarm and position notifications, against the
 * reference's §6.7 messages byte for byte (its Content-Length only adds up with CRLF line ends).
 */
class ManscdpSubscriptionsTest {

    private static byte[] crlf(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void alarmSubscriptionIsTheReferencesBodyWithItsContentLength() {
        byte[] built = ManscdpQueries.alarmSubscription(10033, "34020000001310000001",
                new AlarmSubscription("0", "0", "0", "all", "2025-04-22T00:00:00", "2025-04-22T23:59:59"));

        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>Alarm</CmdType>",
                "  <SN>10033</SN>",
                "  <DeviceID>34020000001310000001</DeviceID>",
                "  <StartAlarmPriority>0</StartAlarmPriority>",
                "  <EndAlarmPriority>0</EndAlarmPriority>",
                "  <AlarmMethod>0</AlarmMethod>",
                "  <AlarmType>all</AlarmType>",
                "  <StartAlarmTime>2025-04-22T00:00:00</StartAlarmTime>",
                "  <EndAlarmTime>2025-04-22T23:59:59</EndAlarmTime>",
                "</Query>"), built);
        assertEquals(407, built.length, "Content-Length of the reference's alarm SUBSCRIBE");
    }

    @Test
    void anAlarmSubscriptionForEverythingLeavesOutTypeAndTimes() {
        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>Alarm</CmdType>",
                "  <SN>7</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "  <StartAlarmPriority>0</StartAlarmPriority>",
                "  <EndAlarmPriority>0</EndAlarmPriority>",
                "  <AlarmMethod>0</AlarmMethod>",
                "</Query>"), ManscdpQueries.alarmSubscription(7, "34020000001320000002", AlarmSubscription.ALL));
    }

    @Test
    void catalogSubscriptionIsACatalogQuery() {
        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>Catalog</CmdType>",
                "  <SN>12</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "</Query>"), ManscdpQueries.catalogSubscription(12, "34020000001320000002"));
    }

    @Test
    void mobilePositionSubscriptionCarriesTheInterval() {
        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>MobilePosition</CmdType>",
                "  <SN>13</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "  <Interval>5</Interval>",
                "</Query>"), ManscdpQueries.mobilePositionSubscription(13, "34020000001320000002", 5));
    }

    @Test
    void theAlarmConfirmationAnswersTheNotifysSnAndDevice() {
        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Response>",
                "  <CmdType>Alarm</CmdType>",
                "  <SN>99</SN>",
                "  <DeviceID>34020000001310000001</DeviceID>",
                "  <Result>OK</Result>",
                "</Response>"), ManscdpQueries.alarmConfirmation(99, "34020000001310000001"));
    }

    @Test
    void theReferencesAlarmNotifyIsRead() {
        String body = String.join("\n",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Notify>",
                "<CmdType>Alarm</CmdType>",
                "<SN>99</SN>",
                "<DeviceID>34020000001310000001</DeviceID>",
                "<AlarmPriority>4</AlarmPriority>",
                "<AlarmMethod>5</AlarmMethod>",
                "<AlarmTime>2025-04-22T11:26:02</AlarmTime>",
                "<Info>",
                "<AlarmType>2</AlarmType>",
                "</Info>",
                "</Notify>", "");
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        assertEquals(283, bytes.length, "Content-Length of the reference's alarm MESSAGE");

        Alarm alarm = Alarm.from(ManscdpCodec.parse(bytes));

        assertEquals(new Alarm("34020000001310000001", 99, "4", "5", "2025-04-22T11:26:02", "", "2",
                OptionalDouble.empty(), OptionalDouble.empty()), alarm);
    }

    @Test
    void aMobilePositionIsWrittenAndReadBack() {
        MobilePosition sent = new MobilePosition("34020000001320000002", 5, "2025-04-22T11:26:02",
                OptionalDouble.of(116.397128), OptionalDouble.of(39.916527), OptionalDouble.of(35.5),
                OptionalDouble.of(270), OptionalDouble.of(50));

        byte[] body = ManscdpDeviceMessages.mobilePositionNotify(5, sent);

        assertEquals(String.join("\r\n",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Notify>",
                "<CmdType>MobilePosition</CmdType>",
                "<SN>5</SN>",
                "<DeviceID>34020000001320000002</DeviceID>",
                "<Time>2025-04-22T11:26:02</Time>",
                "<Longitude>116.397128</Longitude>",
                "<Latitude>39.916527</Latitude>",
                "<Speed>35.5</Speed>",
                "<Direction>270</Direction>",
                "<Altitude>50</Altitude>",
                "</Notify>", ""), new String(body, StandardCharsets.US_ASCII));
        assertEquals(sent, MobilePosition.from(ManscdpCodec.parse(body)));
    }

    @Test
    void aPositionWithBadNumbersKeepsWhatItCanRead() {
        byte[] body = ("<?xml version=\"1.0\"?><Notify><CmdType>MobilePosition</CmdType><SN>1</SN>"
                + "<DeviceID>34020000001320000002</DeviceID><Longitude>east</Longitude><Latitude>39.9</Latitude></Notify>")
                .getBytes(StandardCharsets.US_ASCII);

        MobilePosition p = MobilePosition.from(ManscdpCodec.parse(body));

        assertTrue(p.longitude().isEmpty());
        assertEquals(39.9, p.latitude().getAsDouble());
    }

    @Test
    void anAlarmViewRefusesAnotherCommand() {
        byte[] body = ManscdpDeviceMessages.keepalive(1, "34020000001320000002");
        assertThrows(ManscdpParseException.class, () -> MobilePosition.from(ManscdpCodec.parse(body)));
    }

    @Test
    void aLongAlarmDescriptionIsReadWholeUpToTheBodyLimitAndBeyondItRefused() {
        // 15,900 escaped characters: a body just under the 64 KiB limit of a MANSCDP body
        Alarm alarm = Alarm.from(ManscdpCodec.parse(alarmWithDescription("&lt;".repeat(15_900))));
        assertEquals(15_900, alarm.alarmDescription().length());

        ManscdpParseException refused = assertThrows(ManscdpParseException.class,
                () -> ManscdpCodec.parse(alarmWithDescription("&lt;".repeat(150_000))));
        assertTrue(refused.getMessage().contains("exceeds"), refused.getMessage());
    }

    private static byte[] alarmWithDescription(String description) {
        return ("<?xml version=\"1.0\"?><Notify><CmdType>Alarm</CmdType><SN>1</SN><DeviceID>34020000001320000002"
                + "</DeviceID><AlarmDescription>" + description + "</AlarmDescription></Notify>").getBytes(StandardCharsets.US_ASCII);
    }
}
