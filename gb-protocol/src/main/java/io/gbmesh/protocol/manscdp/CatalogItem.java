package io.gbmesh.protocol.manscdp;

import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * One device or channel of a catalog (A.2.6.4), in a response page or a change notification. Strings are
 * {@code ""} when absent or empty; numbers are absent when absent, empty or unreadable (devices fill
 * optional fields with junk, and one bad field must not lose the page). {@code event} is set only in
 * notifications: {@code ON}, {@code OFF}, {@code VLOST}, {@code DEFECT}, {@code ADD}, {@code DEL},
 * {@code UPDATE}. {@code ptzType} comes from {@code <Info><PTZType>}.
 */
public record CatalogItem(String deviceId, String name, String manufacturer, String model, String owner,
                          String civilCode, String address, OptionalInt parental, String parentId,
                          OptionalInt safetyWay, OptionalInt registerWay, OptionalInt secrecy, String status,
                          String event, String ipAddress, OptionalInt port, OptionalDouble longitude,
                          OptionalDouble latitude, OptionalInt ptzType) {

    public static Builder builder(String deviceId) {
        return new Builder(deviceId);
    }

    static CatalogItem from(ManscdpElement item) {
        OptionalInt ptzType = item.child("Info")
                .map(info -> ManscdpNumbers.lenientInt(info.childText("PTZType")))
                .orElse(OptionalInt.empty());
        return new CatalogItem(
                item.childTextOrEmpty("DeviceID"),
                item.childTextOrEmpty("Name"),
                item.childTextOrEmpty("Manufacturer"),
                item.childTextOrEmpty("Model"),
                item.childTextOrEmpty("Owner"),
                item.childTextOrEmpty("CivilCode"),
                item.childTextOrEmpty("Address"),
                ManscdpNumbers.lenientInt(item.childText("Parental")),
                item.childTextOrEmpty("ParentID"),
                ManscdpNumbers.lenientInt(item.childText("SafetyWay")),
                ManscdpNumbers.lenientInt(item.childText("RegisterWay")),
                ManscdpNumbers.lenientInt(item.childText("Secrecy")),
                item.childTextOrEmpty("Status"),
                item.childTextOrEmpty("Event"),
                item.childTextOrEmpty("IPAddress"),
                ManscdpNumbers.lenientInt(item.childText("Port")),
                ManscdpNumbers.lenientDouble(item.childText("Longitude")),
                ManscdpNumbers.lenientDouble(item.childText("Latitude")),
                ptzType);
    }

    /** Builds items for the device simulator and for tests; unset strings are {@code ""}, numbers absent. */
    public static final class Builder {
        private final String deviceId;
        private String name = "";
        private String manufacturer = "";
        private String model = "";
        private String owner = "";
        private String civilCode = "";
        private String address = "";
        private OptionalInt parental = OptionalInt.empty();
        private String parentId = "";
        private OptionalInt safetyWay = OptionalInt.empty();
        private OptionalInt registerWay = OptionalInt.empty();
        private OptionalInt secrecy = OptionalInt.empty();
        private String status = "";
        private String event = "";
        private String ipAddress = "";
        private OptionalInt port = OptionalInt.empty();
        private OptionalDouble longitude = OptionalDouble.empty();
        private OptionalDouble latitude = OptionalDouble.empty();
        private OptionalInt ptzType = OptionalInt.empty();

        private Builder(String deviceId) {
            this.deviceId = deviceId;
        }

        public Builder name(String value) { name = value; return this; }
        public Builder manufacturer(String value) { manufacturer = value; return this; }
        public Builder model(String value) { model = value; return this; }
        public Builder owner(String value) { owner = value; return this; }
        public Builder civilCode(String value) { civilCode = value; return this; }
        public Builder address(String value) { address = value; return this; }
        public Builder parental(int value) { parental = OptionalInt.of(value); return this; }
        public Builder parentId(String value) { parentId = value; return this; }
        public Builder safetyWay(int value) { safetyWay = OptionalInt.of(value); return this; }
        public Builder registerWay(int value) { registerWay = OptionalInt.of(value); return this; }
        public Builder secrecy(int value) { secrecy = OptionalInt.of(value); return this; }
        public Builder status(String value) { status = value; return this; }
        public Builder event(String value) { event = value; return this; }
        public Builder ipAddress(String value) { ipAddress = value; return this; }
        public Builder port(int value) { port = OptionalInt.of(value); return this; }
        public Builder longitude(double value) { longitude = OptionalDouble.of(value); return this; }
        public Builder latitude(double value) { latitude = OptionalDouble.of(value); return this; }
        public Builder ptzType(int value) { ptzType = OptionalInt.of(value); return this; }

        public CatalogItem build() {
            return new CatalogItem(deviceId, name, manufacturer, model, owner, civilCode, address, parental,
                    parentId, safetyWay, registerWay, secrecy, status, event, ipAddress, port, longitude,
                    latitude, ptzType);
        }
    }
}
