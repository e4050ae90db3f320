package io.gbmesh.protocol.manscdp;

import io.gbmesh.protocol.manscdp.ManscdpWriter.Layout;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Device snapshots of GB/T 28181-2022 (§9.14, A.2.3.2.8 and A.2.5.13; reference 4.8 and 6.13): the
 * platform's {@code Control/DeviceConfig} with a {@code SnapShotConfig} (how many pictures, seconds
 * between them, where to upload them and the session they belong to), and the device's
 * {@code Notify/UploadSnapShotFinished} naming the session and the file IDs it uploaded.
 */
public final class ManscdpSnapshots {
    public static final String CONFIG_CMD_TYPE = "DeviceConfig";
    public static final String FINISHED_CMD_TYPE = "UploadSnapShotFinished";
    /** SnapNum is 1..10 in the standard (A.2.3.2.8). */
    public static final int MAX_SNAP_NUM = 10;
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private ManscdpSnapshots() {
    }

    /** The platform's snapshot request for one channel, in the reference platform's layout (6.13). */
    public static byte[] config(long sn, String channelId, int snapNum, int intervalSeconds, String uploadUrl, String sessionId) {
        return ManscdpWriter.start(Layout.PLATFORM, ManscdpRoot.Control, CONFIG_CMD_TYPE, sn)
                .element("DeviceID", channelId)
                .open("SnapShotConfig")
                .element("SnapNum", snapNum)
                .element("Interval", intervalSeconds)
                .element("UploadURL", uploadUrl)
                .element("SessionID", sessionId)
                .close("SnapShotConfig")
                .toBytes();
    }

    /** The device's notification that every picture of a session is uploaded (6.13), in devices' flat layout. */
    public static byte[] finished(long sn, String channelId, String sessionId, List<String> fileIds) {
        ManscdpWriter w = ManscdpWriter.start(Layout.DEVICE, ManscdpRoot.Notify, FINISHED_CMD_TYPE, sn)
                .element("DeviceID", channelId)
                .element("SessionID", sessionId)
                .open("SnapShotList");
        for (String fileId : fileIds) {
            w.element("SnapShotFileID", fileId);
        }
        return w.close("SnapShotList").toBytes();
    }

    /**
     * A picture's file ID as devices name it (6.13): the channel ID, {@code 02} (a picture), the time it
     * was taken ({@code yyyyMMddHHmmss}) and a five-digit sequence number.
     */
    public static String fileId(String channelId, LocalDateTime takenAt, int sequence) {
        return channelId + "02" + FILE_TIME.format(takenAt) + String.format("%05d", Math.floorMod(sequence, 100_000));
    }

    /** A {@code SnapShotConfig} read back (what a device receives). */
    public record Config(String channelId, long sn, int snapNum, int intervalSeconds, String uploadUrl, String sessionId) {
        /** The request in {@code document}, or empty when it is not a DeviceConfig with a SnapShotConfig. */
        public static Optional<Config> from(ManscdpDocument document) {
            if (!document.is(ManscdpRoot.Control, CONFIG_CMD_TYPE)) {
                return Optional.empty();
            }
            Optional<ManscdpElement> c = document.rootElement().child("SnapShotConfig");
            if (c.isEmpty()) {
                return Optional.empty();
            }
            ManscdpElement e = c.get();
            return Optional.of(new Config(document.deviceId(), document.sn(), number(e, "SnapNum"), number(e, "Interval"),
                    e.childTextOrEmpty("UploadURL").trim(), e.childTextOrEmpty("SessionID").trim()));
        }

        private static int number(ManscdpElement e, String name) {
            try {
                return Integer.parseInt(e.childTextOrEmpty(name).trim());
            } catch (NumberFormatException ex) {
                throw new ManscdpParseException("SnapShotConfig/" + name + " is not a number");
            }
        }
    }

    /** A device's {@code UploadSnapShotFinished}: the channel, its session and the file IDs it names. */
    public record Finished(String deviceId, long sn, String sessionId, List<String> fileIds) {
        public static Finished from(ManscdpDocument document) {
            document.require(ManscdpRoot.Notify, FINISHED_CMD_TYPE);
            String session = document.text("SessionID").map(String::trim).orElse("");
            if (session.isEmpty()) {
                throw new ManscdpParseException("missing SessionID");
            }
            List<String> files = new ArrayList<>();
            document.rootElement().child("SnapShotList").ifPresent(list -> {
                for (ManscdpElement f : list.children("SnapShotFileID")) {
                    if (!f.text().isBlank() && files.size() < MAX_FILES) {
                        files.add(f.text().trim());
                    }
                }
            });
            return new Finished(document.deviceId(), document.sn(), session, List.copyOf(files));
        }

        /** More file IDs than any SnapNum allows are not kept (a device may not grow what we hold). */
        private static final int MAX_FILES = 64;
    }
}
