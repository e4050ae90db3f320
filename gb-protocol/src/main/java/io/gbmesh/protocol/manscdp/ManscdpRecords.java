package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;
import java.util.List;

/**
 * The MANSCDP bodies of recordings (GB/T 28181-2016 §9.7, A.2.4.5, A.2.6.10, A.2.5.5): the
 * platform's RecordInfo query, byte for byte as the reference platform writes it (reference 6.9),
 * and the device's answers and end-of-file notification, as the simulator sends them.
 */
public final class ManscdpRecords {
    /** Record types of a query (A.2.4.5): {@code all}, {@code time}, {@code alarm}, {@code manual}. */
    public static final List<String> TYPES = List.of("all", "time", "alarm", "manual");

    private ManscdpRecords() {
    }

    /** The RecordInfo query of one channel between two local times ({@code yyyy-MM-ddTHH:mm:ss}). */
    public static byte[] query(long sn, String channelId, String startTime, String endTime, String type) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Query, "RecordInfo", sn)
                .element("DeviceID", channelId)
                .element("StartTime", startTime)
                .element("EndTime", endTime)
                .element("Type", type)
                .toBytes();
    }

    /** One message of a device's answer: {@code sumNum} items in all, {@code items} of them in this message. */
    public static byte[] response(long sn, String channelId, String name, int sumNum, List<RecordItem> items) {
        ManscdpWriter w = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Response, "RecordInfo", sn)
                .element("DeviceID", channelId)
                .element("Name", name)
                .element("SumNum", sumNum)
                .open("RecordList", "Num", Integer.toString(items.size()));
        for (RecordItem item : items) {
            w.open("Item")
                    .element("DeviceID", item.deviceId())
                    .element("Name", item.name())
                    .element("FilePath", item.filePath())
                    .element("Address", item.address())
                    .element("StartTime", item.startTime())
                    .element("EndTime", item.endTime())
                    .element("Secrecy", item.secrecy())
                    .element("Type", item.type());
            if (item.recorderId() != null && !item.recorderId().isEmpty()) {
                w.element("RecorderID", item.recorderId());
            }
            if (item.fileSize().isPresent()) {
                w.element("FileSize", item.fileSize().getAsLong());
            }
            w.close("Item");
        }
        return w.close("RecordList").toBytes();
    }

    /** The device's end of file of a playback or download (A.2.5.5, {@code NotifyType} 121). */
    public static byte[] mediaStatusEndOfFile(long sn, String channelId) {
        return ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Notify, "MediaStatus", sn)
                .element("DeviceID", channelId)
                .element("NotifyType", MediaStatusNotify.END_OF_FILE)
                .toBytes();
    }
}
