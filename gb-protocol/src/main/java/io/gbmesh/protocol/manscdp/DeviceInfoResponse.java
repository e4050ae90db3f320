package io.gbmesh.protocol.manscdp;

import java.util.OptionalInt;

/** {@code Response/DeviceInfo} (A.2.6.5). Strings are {@code ""} when absent. */
public record DeviceInfoResponse(String deviceName, String manufacturer, String model, String firmware,
                                 OptionalInt channelCount, String result) {

    public static DeviceInfoResponse from(ManscdpDocument document) {
        document.require(ManscdpRoot.Response, "DeviceInfo");
        ManscdpElement root = document.rootElement();
        return new DeviceInfoResponse(
                root.childTextOrEmpty("DeviceName"),
                root.childTextOrEmpty("Manufacturer"),
                root.childTextOrEmpty("Model"),
                root.childTextOrEmpty("Firmware"),
                ManscdpNumbers.lenientInt(root.childText("Channel")),
                root.childTextOrEmpty("Result"));
    }
}
