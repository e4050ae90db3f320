package io.gbmesh.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The snapshot request, the device's answer and its upload notification cross JVMs as JSON and come back equal. */
class SnapshotContractsTest {

    @Test
    void theRequestAndItsAnswerRoundTrip() {
        SnapshotRequest request = new SnapshotRequest("3cffba1f5df14a47acb6594b2375c5c7", "34020000001320000001",
                "34020000001310000001", 3, 2, "http://10.0.0.5:8080/api/v1/snapshot-uploads/s/t");
        SnapshotConfigAnswer answer = new SnapshotConfigAnswer(request.sessionId(), "OK", "gw-1");

        assertEquals(request, MeshCodec.fromJson(MeshCodec.toJson(request)));
        assertEquals(answer, MeshCodec.fromJson(MeshCodec.toJson(answer)));
    }

    @Test
    void theUploadNotificationRoundTrips() {
        SnapshotsUploaded uploaded = new SnapshotsUploaded("34020000001320000001", "34020000001310000001", "s1",
                List.of("34020000001310000001022025081815045400000"), "gw-1", 1_700_000_000_000L);

        assertEquals(uploaded, MeshCodec.fromJson(MeshCodec.toJson(uploaded)));
    }
}
