package io.gbmesh.protocol.manscdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** RecordInfo and MediaStatus bodies against the reference §6.9 messages. */
class ManscdpRecordsTest {

    private static byte[] crlf(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void recordInfoQueryIsTheReferenceBodyWithItsContentLength() {
        byte[] built = ManscdpRecords.query(10035, "34020000001310000001", "2025-04-18T00:00:00", "2025-04-19T23:59:59", "all");

        assertArrayEquals(crlf(
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>RecordInfo</CmdType>",
                "  <SN>10035</SN>",
                "  <DeviceID>34020000001310000001</DeviceID>",
                "  <StartTime>2025-04-18T00:00:00</StartTime>",
                "  <EndTime>2025-04-19T23:59:59</EndTime>",
                "  <Type>all</Type>",
                "</Query>"), built);
        assertEquals(262, built.length, "Content-Length of the reference RecordInfo query");
    }

    /** The device's answer of reference 6.9, as it came (LF line ends, no indent). */
    static final String REFERENCE_ANSWER = """
            <?xml version="1.0" encoding="GB2312"?>
            <Response>
            <CmdType>RecordInfo</CmdType>
            <SN>10035</SN>
            <DeviceID>34020000001310000001</DeviceID>
            <Name>hikangname</Name>
            <SumNum>134</SumNum>
            <RecordList Num="2">
            <Item>
            <DeviceID>34020000001310000001</DeviceID>
            <Name>hikangname</Name>
            <FilePath>file_path</FilePath>
            <Address>Address 1</Address>
            <StartTime>2025-04-18T10:23:02</StartTime>
            <EndTime>2025-04-18T10:40:20</EndTime>
            <Secrecy>0</Secrecy>
            <Type>time</Type>
            <FileSize>263094272</FileSize>
            </Item>
            <Item>
            <DeviceID>34020000001310000001</DeviceID>
            <Name>hikangname</Name>
            <FilePath>file_path</FilePath>
            <Address>Address 1</Address>
            <StartTime>2025-04-18T10:40:20</StartTime>
            <EndTime>2025-04-18T10:57:36</EndTime>
            <Secrecy>0</Secrecy>
            <Type>time</Type>
            <FileSize>262488064</FileSize>
            </Item>
            </RecordList>
            </Response>
            """;

    @Test
    void theReferenceAnswerIsReadWithEveryItemField() {
        RecordInfoResponse r = RecordInfoResponse.from(ManscdpCodec.parse(REFERENCE_ANSWER.getBytes(StandardCharsets.US_ASCII)));

        assertEquals(134, r.sumNum());
        assertEquals(2, r.declaredNum().getAsInt());
        assertEquals(2, r.items().size());
        RecordItem first = r.items().get(0);
        assertEquals(new RecordItem("34020000001310000001", "hikangname", "file_path", "Address 1", "2025-04-18T10:23:02",
                "2025-04-18T10:40:20", 0, "time", "", OptionalLong.of(263094272)), first);
        assertEquals("2025-04-18T10:57:36", r.items().get(1).endTime());
    }

    @Test
    void aResponseWrittenForTheSimulatorReadsBackTheSame() {
        List<RecordItem> items = List.of(new RecordItem("34020000001310000001", "cam", "/rec/1.ps", "Address 1",
                "2025-04-18T10:00:00", "2025-04-18T10:10:00", 0, "time", "34020000001310000001", OptionalLong.of(1234)));
        byte[] body = ManscdpRecords.response(7, "34020000001310000001", "cam", 5, items);

        RecordInfoResponse r = RecordInfoResponse.from(ManscdpCodec.parse(body));

        assertEquals(5, r.sumNum());
        assertEquals(items, r.items());
        assertTrue(new String(body, StandardCharsets.US_ASCII).contains("\r\n<RecordList Num=\"1\">\r\n<Item>\r\n"));
    }

    @Test
    void anAnswerWithoutItemsOrWithJunkSizesStillReads() {
        RecordInfoResponse empty = RecordInfoResponse.from(ManscdpCodec.parse(crlf("<?xml version=\"1.0\"?>", "<Response>",
                "<CmdType>RecordInfo</CmdType>", "<SN>1</SN>", "<DeviceID>34020000001310000001</DeviceID>", "<SumNum>0</SumNum>",
                "</Response>")));
        assertEquals(0, empty.sumNum());
        assertEquals(List.of(), empty.items());

        RecordInfoResponse junk = RecordInfoResponse.from(ManscdpCodec.parse(REFERENCE_ANSWER
                .replace("263094272", "big").getBytes(StandardCharsets.US_ASCII)));
        assertEquals(OptionalLong.empty(), junk.items().get(0).fileSize());
    }

    @Test
    void anAnswerWithoutSumNumIsRefused() {
        byte[] body = REFERENCE_ANSWER.replace("<SumNum>134</SumNum>", "").getBytes(StandardCharsets.US_ASCII);
        assertThrows(ManscdpParseException.class, () -> RecordInfoResponse.from(ManscdpCodec.parse(body)));
    }

    @Test
    void mediaStatusEndOfFileIsWrittenAndRead() {
        byte[] body = ManscdpRecords.mediaStatusEndOfFile(8, "34020000001310000001");
        assertArrayEquals(crlf("<?xml version=\"1.0\" encoding=\"GB2312\"?>", "<Notify>", "<CmdType>MediaStatus</CmdType>",
                "<SN>8</SN>", "<DeviceID>34020000001310000001</DeviceID>", "<NotifyType>121</NotifyType>", "</Notify>", ""), body);

        MediaStatusNotify n = MediaStatusNotify.from(ManscdpCodec.parse(body));

        assertEquals("34020000001310000001", n.deviceId());
        assertTrue(n.endOfFile());
    }

    @Test
    void mediaStatusWithoutNotifyTypeIsRefused() {
        byte[] body = crlf("<?xml version=\"1.0\"?>", "<Notify>", "<CmdType>MediaStatus</CmdType>", "<SN>8</SN>",
                "<DeviceID>34020000001310000001</DeviceID>", "</Notify>");
        assertThrows(ManscdpParseException.class, () -> MediaStatusNotify.from(ManscdpCodec.parse(body)));
    }
}
