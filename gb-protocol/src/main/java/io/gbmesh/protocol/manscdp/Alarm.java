package io.gbmesh.protocol.manscdp;

import java.util.OptionalDouble;

/**
 * An alarm report, {@code Notify/Alarm} (A.2.5.2). {@code deviceId} is the alarming channel. Priority,
 * method and type stay as sent since devices disagree on their codes; strings are {@code ""} when
 * absent. {@code AlarmType} is read from {@code <Info>} as the 2016 edition puts it, or from the root as
 * older devices do.
 */
public record Alarm(String deviceId, long sn, String alarmPriority, String alarmMethod, String alarmTime,
                    String alarmDescription, String alarmType, OptionalDouble longitude, OptionalDouble latitude) {

    public static Alarm from(ManscdpDocument document) {
        document.require(ManscdpRoot.Notify, "Alarm");
        ManscdpElement root = document.rootElement();
        String alarmType = root.child("Info")
                .flatMap(info -> info.childText("AlarmType"))
                .or(() -> root.childText("AlarmType"))
                .orElse("");
        return new Alarm(
                document.deviceId(),
                document.sn(),
                root.childTextOrEmpty("AlarmPriority"),
                root.childTextOrEmpty("AlarmMethod"),
                root.childTextOrEmpty("AlarmTime"),
                root.childTextOrEmpty("AlarmDescription"),
                alarmType,
                ManscdpNumbers.lenientDouble(root.childText("Longitude")),
                ManscdpNumbers.lenientDouble(root.childText("Latitude")));
    }
}
