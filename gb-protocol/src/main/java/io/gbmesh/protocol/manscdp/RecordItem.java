package io.gbmesh.protocol.manscdp;

import java.util.OptionalLong;

/**
 * One recording file of a {@code Response/RecordInfo} (GB/T 28181-2016 A.2.6.10; reference 6.9):
 * the channel that recorded it, its times as the device writes them ({@code yyyy-MM-ddTHH:mm:ss},
 * the device's local time), where it is kept, and its size in bytes when the device says.
 */
public record RecordItem(String deviceId, String name, String filePath, String address, String startTime, String endTime,
                         int secrecy, String type, String recorderId, OptionalLong fileSize) {

    public static RecordItem from(ManscdpElement item) {
        return new RecordItem(item.childTextOrEmpty("DeviceID"), item.childTextOrEmpty("Name"),
                item.childTextOrEmpty("FilePath"), item.childTextOrEmpty("Address"), item.childTextOrEmpty("StartTime"),
                item.childTextOrEmpty("EndTime"), ManscdpNumbers.lenientInt(item.childText("Secrecy")).orElse(0),
                item.childTextOrEmpty("Type"), item.childTextOrEmpty("RecorderID"), lenientLong(item.childText("FileSize")));
    }

    private static OptionalLong lenientLong(java.util.Optional<String> text) {
        try {
            return text.isEmpty() || text.get().isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text.get()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
