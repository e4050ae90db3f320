package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * Bodies a device sends, for the device simulator: laid out like the reference devices (§6.3, §6.4 of
 * the reference notes: no indent, one element per line) with CRLF line ends and a final line end.
 */
public final class ManscdpDeviceMessages {

    private ManscdpDeviceMessages() {
    }

    public static byte[] keepalive(long sn, String deviceId) {
        return ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Notify, "Keepalive", sn)
                .element("DeviceID", deviceId)
                .element("Status", "OK")
                .toBytes();
    }

    public static byte[] deviceInfoResponse(long sn, String deviceId, String name, String manufacturer,
                                            String model, String firmware, int channels) {
        return ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, "DeviceInfo", sn)
                .element("DeviceID", deviceId)
                .element("Result", "OK")
                .element("DeviceName", name)
                .element("Manufacturer", manufacturer)
                .element("Model", model)
                .element("Firmware", firmware)
                .element("Channel", channels)
                .toBytes();
    }

    /** Empty strings in {@code status} are left out, except {@code Result}, {@code Online} and {@code Status}. */
    public static byte[] deviceStatusResponse(long sn, String deviceId, DeviceStatusResponse status) {
        ManscdpWriter writer = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, "DeviceStatus", sn)
                .element("DeviceID", deviceId)
                .element("Result", status.result())
                .element("Online", status.online())
                .element("Status", status.status());
        optional(writer, "DeviceTime", status.deviceTime());
        // "Alarmstatus" is the spelling of the 2016 schema and of the devices that follow it.
        writer.open("Alarmstatus", "Num", Integer.toString(status.alarmStatuses().size()));
        for (AlarmDutyStatus alarm : status.alarmStatuses()) {
            writer.open("Item").element("DeviceID", alarm.deviceId()).element("DutyStatus", alarm.dutyStatus()).close("Item");
        }
        writer.close("Alarmstatus");
        optional(writer, "Encode", status.encode());
        optional(writer, "Record", status.record());
        return writer.toBytes();
    }

    public static byte[] configDownloadResponse(long sn, String deviceId, BasicParam param) {
        ManscdpWriter writer = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, "ConfigDownload", sn)
                .element("DeviceID", deviceId)
                .element("Result", "OK")
                .open("BasicParam")
                .element("Name", param.name())
                .element("DeviceID", param.deviceId())
                .element("SIPServerID", param.sipServerId())
                .element("SIPServerIP", param.sipServerIp());
        optional(writer, "SIPServerPort", param.sipServerPort());
        writer.element("DomainName", param.domainName());
        optional(writer, "Expiration", param.expiration());
        optional(writer, "HeartBeatInterval", param.heartBeatInterval());
        optional(writer, "HeartBeatCount", param.heartBeatCount());
        optional(writer, "PositionCapability", param.positionCapability());
        return writer.close("BasicParam").toBytes();
    }

    /** One page of a catalog answer; the caller splits the catalog into pages and numbers their SNs. */
    public static byte[] catalogResponse(long sn, String deviceId, int sumNum, List<CatalogItem> items) {
        ManscdpWriter writer = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, "Catalog", sn)
                .element("DeviceID", deviceId)
                .element("SumNum", sumNum);
        return deviceList(writer, items).toBytes();
    }

    /** A catalog change notification; each item should carry its {@code event}. */
    public static byte[] catalogNotify(long sn, String deviceId, List<CatalogItem> itemsWithEvent) {
        ManscdpWriter writer = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Notify, "Catalog", sn)
                .element("DeviceID", deviceId)
                .element("SumNum", itemsWithEvent.size());
        return deviceList(writer, itemsWithEvent).toBytes();
    }

    /** An alarm report from the channel {@code alarm.deviceId()}. */
    public static byte[] alarmNotify(long sn, Alarm alarm) {
        ManscdpWriter writer = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Notify, "Alarm", sn)
                .element("DeviceID", alarm.deviceId())
                .element("AlarmPriority", alarm.alarmPriority())
                .element("AlarmMethod", alarm.alarmMethod())
                .element("AlarmTime", alarm.alarmTime());
        optional(writer, "AlarmDescription", alarm.alarmDescription());
        optional(writer, "Longitude", alarm.longitude());
        optional(writer, "Latitude", alarm.latitude());
        if (!alarm.alarmType().isEmpty()) {
            writer.open("Info").element("AlarmType", alarm.alarmType()).close("Info");
        }
        return writer.toBytes();
    }

    /** A position report of a mobile device (A.2.5.5), in a NOTIFY or a MESSAGE. */
    public static byte[] mobilePositionNotify(long sn, MobilePosition position) {
        ManscdpWriter writer = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Notify, "MobilePosition", sn)
                .element("DeviceID", position.deviceId())
                .element("Time", position.time());
        optional(writer, "Longitude", position.longitude());
        optional(writer, "Latitude", position.latitude());
        optional(writer, "Speed", position.speed());
        optional(writer, "Direction", position.direction());
        optional(writer, "Altitude", position.altitude());
        return writer.toBytes();
    }

    private static ManscdpWriter deviceList(ManscdpWriter writer, List<CatalogItem> items) {
        writer.open("DeviceList", "Num", Integer.toString(items.size()));
        for (CatalogItem item : items) {
            writer.open("Item").element("DeviceID", item.deviceId());
            optional(writer, "Event", item.event());
            writer.element("Name", item.name())
                    .element("Manufacturer", item.manufacturer())
                    .element("Model", item.model())
                    .element("Owner", item.owner())
                    .element("CivilCode", item.civilCode())
                    .element("Address", item.address());
            optional(writer, "Parental", item.parental());
            writer.element("ParentID", item.parentId());
            optional(writer, "SafetyWay", item.safetyWay());
            optional(writer, "RegisterWay", item.registerWay());
            optional(writer, "Secrecy", item.secrecy());
            optional(writer, "IPAddress", item.ipAddress());
            optional(writer, "Port", item.port());
            writer.element("Status", item.status());
            optional(writer, "Longitude", item.longitude());
            optional(writer, "Latitude", item.latitude());
            if (item.ptzType().isPresent()) {
                writer.open("Info").element("PTZType", item.ptzType().getAsInt()).close("Info");
            }
            writer.close("Item");
        }
        return writer.close("DeviceList");
    }

    private static void optional(ManscdpWriter writer, String name, String value) {
        if (value != null && !value.isEmpty()) {
            writer.element(name, value);
        }
    }

    private static void optional(ManscdpWriter writer, String name, OptionalInt value) {
        value.ifPresent(number -> writer.element(name, number));
    }

    private static void optional(ManscdpWriter writer, String name, OptionalDouble value) {
        value.ifPresent(number -> writer.element(name, ManscdpNumbers.plain(number)));
    }
}
