package io.gbmesh.protocol.manscdp;

import java.util.List;

/**
 * {@code Response/DeviceStatus} (A.2.6.6). Values are as sent ({@code ONLINE}/{@code OFFLINE},
 * {@code OK}, {@code ON}/{@code OFF}); strings are {@code ""} when absent.
 */
public record DeviceStatusResponse(String online, String status, String deviceTime, String encode, String record,
                                   List<AlarmDutyStatus> alarmStatuses, String result) {

    public DeviceStatusResponse {
        alarmStatuses = List.copyOf(alarmStatuses);
    }

    public static DeviceStatusResponse from(ManscdpDocument document) {
        document.require(ManscdpRoot.Response, "DeviceStatus");
        ManscdpElement root = document.rootElement();
        List<AlarmDutyStatus> alarms = root.child("AlarmStatus")
                .map(list -> list.children("Item").stream()
                        .map(item -> new AlarmDutyStatus(item.childTextOrEmpty("DeviceID"), item.childTextOrEmpty("DutyStatus")))
                        .toList())
                .orElse(List.of());
        return new DeviceStatusResponse(
                root.childTextOrEmpty("Online"),
                root.childTextOrEmpty("Status"),
                root.childTextOrEmpty("DeviceTime"),
                root.childTextOrEmpty("Encode"),
                root.childTextOrEmpty("Record"),
                alarms,
                root.childTextOrEmpty("Result"));
    }

    public boolean isOnline() {
        return "ONLINE".equalsIgnoreCase(online);
    }
}
