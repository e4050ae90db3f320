package io.gbmesh.contracts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Control requests and results cross JVMs as JSON and come back equal; failure codes are HTTP statuses. */
class DeviceControlContractsTest {

    @Test
    void aRequestRoundTrips() {
        DeviceControlRequest request = DeviceControlRequest.of("34020000001320000001", "34020000001310000001",
                DeviceControlRequest.Command.PTZ, DeviceControlRequest.ACTION, "left", DeviceControlRequest.SPEED, 150,
                DeviceControlRequest.DURATION_MS, null);
        assertEquals(Map.of("action", "left", "speed", "150"), request.params());
        assertEquals(request, MeshCodec.fromJson(MeshCodec.toJson(request)));
    }

    @Test
    void aResultWithDataRoundTrips() {
        DeviceControlResult result = new DeviceControlResult("34020000001320000001", "34020000001310000001",
                DeviceControlRequest.Command.PRESET_LIST, Map.of("presets", List.of(Map.of("id", 1, "name", "gate"))));
        assertEquals(result, MeshCodec.fromJson(MeshCodec.toJson(result)));
    }

    @Test
    void failureCodesAreHttpStatuses() {
        assertEquals(503, ControlFailure.DEVICE_OFFLINE.code());
        assertEquals(504, ControlFailure.DEVICE_TIMEOUT.code());
        assertEquals(502, ControlFailure.DEVICE_ERROR.code());
        assertEquals(501, ControlFailure.NOT_SUPPORTED.code());
        assertEquals(ControlFailure.NOT_SUPPORTED, ControlFailure.of(QueryFailure.NOT_SUPPORTED));
        assertEquals(ControlFailure.DEVICE_ERROR, ControlFailure.of(599));
    }

    @Test
    void theTargetIsTheDeviceWhenNoChannelIsNamed() {
        assertEquals("34020000001320000001",
                DeviceControlRequest.of("34020000001320000001", null, DeviceControlRequest.Command.GUARD).target());
    }
}
