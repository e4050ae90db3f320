package io.gbmesh.protocol.manscdp;

import java.util.OptionalDouble;

/**
 * A mobile device's position, {@code Notify/MobilePosition} (GB/T 28181-2016 §9.11.2, A.2.5.5): sent by
 * vehicle and body cameras in NOTIFYs of a position subscription, or in MESSAGEs. {@code time} stays as
 * sent; numbers a device wrote badly are absent rather than an error.
 */
public record MobilePosition(String deviceId, long sn, String time, OptionalDouble longitude, OptionalDouble latitude,
                             OptionalDouble speed, OptionalDouble direction, OptionalDouble altitude) {

    public static MobilePosition from(ManscdpDocument document) {
        document.require(ManscdpRoot.Notify, "MobilePosition");
        ManscdpElement root = document.rootElement();
        return new MobilePosition(
                document.deviceId(),
                document.sn(),
                root.childTextOrEmpty("Time"),
                ManscdpNumbers.lenientDouble(root.childText("Longitude")),
                ManscdpNumbers.lenientDouble(root.childText("Latitude")),
                ManscdpNumbers.lenientDouble(root.childText("Speed")),
                ManscdpNumbers.lenientDouble(root.childText("Direction")),
                ManscdpNumbers.lenientDouble(root.childText("Altitude")));
    }
}
