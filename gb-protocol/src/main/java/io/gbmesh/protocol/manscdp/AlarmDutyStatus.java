package io.gbmesh.protocol.manscdp;

/** One alarm input's duty state in a device status response: {@code ONDUTY}, {@code OFFDUTY}, {@code ALARM}. */
public record AlarmDutyStatus(String deviceId, String dutyStatus) {
}
