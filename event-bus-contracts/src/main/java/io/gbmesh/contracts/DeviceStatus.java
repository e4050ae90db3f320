package io.gbmesh.contracts;

import java.util.List;

/** A device's DeviceStatus answer. */
public record DeviceStatus(String deviceId, String online, String status, String deviceTime, String encode,
                           String record, List<AlarmStatus> alarms) implements MeshMessage {
    public record AlarmStatus(String deviceId, String dutyStatus) {
    }

    public DeviceStatus {
        alarms = alarms == null ? List.of() : List.copyOf(alarms);
    }
}
