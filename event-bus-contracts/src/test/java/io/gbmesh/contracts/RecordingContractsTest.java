package io.gbmesh.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The recording records cross the wire unchanged, and a request or answer from a node without the newer fields still reads. */
class RecordingContractsTest {

    @Test
    void recordingRecordsCrossTheWireUnchanged() {
        List<MeshMessage> all = List.of(
                new RecordQuery("34020000001320000002", "34020000001310000001", "2025-04-18T00:00:00", "2025-04-19T23:59:59", "all"),
                new RecordList("34020000001320000002", "34020000001310000001", 134, false, List.of(new RecordList.Item(
                        "34020000001310000001", "2025-04-18T10:23:02", "2025-04-18T10:40:20", "hikangname", "file_path", "Address 1",
                        0, "time", "", 263094272))),
                new PlaybackControl("s1", PlaybackControl.Action.SCALE, 4, 0, 3),
                new MediaStatusNotified("34020000001320000002", "34020000001310000001", "121", 5L),
                new InviteRequest("s2", "34020000001320000002", "34020000001310000001", StreamKind.DOWNLOAD, "10.0.0.1", 6902,
                        MediaTransport.UDP, "1000010004", 0, 1744856617, 1744856620, 8),
                new InviteAnswer("s2", "call", "10.0.0.2", 15060, "1000010004", "gw-1", 1367160),
                new DownloadProgress("s2", "media-1", 16_040, 2_411_520, 2_480_000, true, "end-of-file", null, 7L));
        for (MeshMessage m : all) {
            assertEquals(m, MeshCodec.fromJson(MeshCodec.toJson(m)), m.getClass().getSimpleName());
        }
    }

    @Test
    void anInviteWithoutTheNewerFieldsReadsWithTheirDefaults() {
        String old = "{\"@type\":\"InviteRequest\",\"streamId\":\"s\",\"deviceId\":\"34020000001320000002\",\"channelId\":"
                + "\"34020000001310000001\",\"kind\":\"PLAY\",\"mediaHost\":\"h\",\"mediaPort\":1,\"transport\":\"UDP\","
                + "\"ssrc\":\"0000000001\",\"profile\":0,\"startTime\":0,\"endTime\":0}";
        InviteRequest r = (InviteRequest) MeshCodec.fromJson(old.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, r.downloadSpeed());
        String answer = "{\"@type\":\"InviteAnswer\",\"streamId\":\"s\",\"callId\":\"c\",\"deviceHost\":\"h\",\"devicePort\":1,"
                + "\"answeredSsrc\":\"0000000001\",\"gatewayNode\":\"g\"}";
        assertEquals(0, ((InviteAnswer) MeshCodec.fromJson(answer.getBytes(StandardCharsets.UTF_8))).fileSize());
    }
}
