package io.gbmesh.protocol.manscdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SnapShotConfig request is byte-identical to the reference §6.13 body; the device's bodies read back. */
class ManscdpSnapshotsTest {

    @Test
    void snapShotConfigMatchesReferenceAndItsContentLength() {
        byte[] expected = String.join("\r\n",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Control>",
                "  <CmdType>DeviceConfig</CmdType>",
                "  <SN>10003</SN>",
                "  <DeviceID>34020000001310000001</DeviceID>",
                "  <SnapShotConfig>",
                "    <SnapNum>1</SnapNum>",
                "    <Interval>1</Interval>",
                "    <UploadURL>http://192.168.0.110:9999/snap</UploadURL>",
                "    <SessionID>3cffba1f5df14a47acb6594b2375c5c7</SessionID>",
                "  </SnapShotConfig>",
                "</Control>").getBytes(StandardCharsets.US_ASCII);

        byte[] built = ManscdpSnapshots.config(10003, "34020000001310000001", 1, 1, "http://192.168.0.110:9999/snap",
                "3cffba1f5df14a47acb6594b2375c5c7");

        assertArrayEquals(expected, built);
        assertEquals(375, built.length, "Content-Length of the reference SnapShotConfig MESSAGE");
    }

    @Test
    void uploadUrlIsEscapedAndReadsBack() {
        String url = "http://10.0.0.5:8080/api/v1/snapshot-uploads/s1/t?a=1&b=2";
        ManscdpDocument doc = ManscdpCodec.parse(ManscdpSnapshots.config(7, "34020000001310000001", 3, 2, url, "s1"));

        ManscdpSnapshots.Config config = ManscdpSnapshots.Config.from(doc).orElseThrow();

        assertEquals(new ManscdpSnapshots.Config("34020000001310000001", 7, 3, 2, url, "s1"), config);
    }

    @Test
    void deviceConfigWithoutSnapShotConfigIsNotASnapshotRequest() {
        String basic = "<?xml version=\"1.0\"?><Control><CmdType>DeviceConfig</CmdType><SN>1</SN>"
                + "<DeviceID>34020000001320000001</DeviceID><BasicParam><Expiration>3600</Expiration></BasicParam></Control>";
        assertTrue(ManscdpSnapshots.Config.from(ManscdpCodec.parse(basic.getBytes(StandardCharsets.US_ASCII))).isEmpty());
    }

    @Test
    void referenceUploadFinishedParsesToItsSessionAndFiles() {
        // this device ends its lines with LF alone: the Content-Length it sent only adds up so
        String reference = String.join("\n",
                "<?xml version=\"1.0\" encoding=\"GB18030\"?>",
                "<Notify>",
                "<CmdType>UploadSnapShotFinished</CmdType>",
                "<SN>10003</SN>",
                "<DeviceID>34020000001310000001</DeviceID>",
                "<SessionID>3cffba1f5df14a47acb6594b2375c5c7</SessionID>",
                "<SnapShotList>",
                "<SnapShotFileID>34020000001310000001022025081815045400000</SnapShotFileID>",
                "</SnapShotList>",
                "</Notify>", "");
        assertEquals(321, reference.length(), "Content-Length of the reference UploadSnapShotFinished");

        ManscdpSnapshots.Finished finished = ManscdpSnapshots.Finished.from(
                ManscdpCodec.parse(reference.getBytes(StandardCharsets.US_ASCII)));

        assertEquals("34020000001310000001", finished.deviceId());
        assertEquals("3cffba1f5df14a47acb6594b2375c5c7", finished.sessionId());
        assertEquals(List.of("34020000001310000001022025081815045400000"), finished.fileIds());
    }

    @Test
    void builtUploadFinishedReadsBack() {
        List<String> files = List.of("a1", "a2", "a3");
        ManscdpSnapshots.Finished finished = ManscdpSnapshots.Finished.from(ManscdpCodec.parse(
                ManscdpSnapshots.finished(5, "34020000001310000001", "s9", files)));

        assertEquals(files, finished.fileIds());
        assertEquals("s9", finished.sessionId());
    }

    @Test
    void uploadFinishedWithoutSessionIsRefused() {
        String body = "<?xml version=\"1.0\"?><Notify><CmdType>UploadSnapShotFinished</CmdType><SN>1</SN>"
                + "<DeviceID>34020000001310000001</DeviceID></Notify>";
        assertThrows(ManscdpParseException.class,
                () -> ManscdpSnapshots.Finished.from(ManscdpCodec.parse(body.getBytes(StandardCharsets.US_ASCII))));
    }

    @Test
    void fileIdFollowsTheReferenceShape() {
        String id = ManscdpSnapshots.fileId("34020000001310000001", LocalDateTime.of(2025, 8, 18, 15, 4, 54), 0);
        assertEquals("34020000001310000001022025081815045400000", id);
    }
}
