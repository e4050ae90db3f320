package io.gbmesh.simulator;

import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpRecords;
import io.gbmesh.protocol.manscdp.RecordItem;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.OptionalLong;

/**
 * The recordings of a simulated device's channels (GB/T 28181-2016 §9.7): every channel recorded
 * the last {@code days} days up to now in files of {@code fileSeconds}, one every
 * {@code fileSeconds + gapSeconds} from local midnight, every {@code alarmEvery}-th of type
 * {@code alarm} and the others {@code time}. The media of any moment is the bundled capture, looped
 * from the day's start. A RecordInfo query is answered in messages of {@code pageSize} items, in
 * reverse order when {@code reversePages} (devices send them so), announcing {@code lieSumNumBy}
 * more than it sends when asked to (a vendor quirk). Changed on the device's event loop.
 */
public final class Recordings {
    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /** What a file of the bundled capture weighs per second, as {@code FileSize} says (about 490 kbit/s). */
    static final long BYTES_PER_SECOND = 60_840;
    /** A query over many days is answered with at most this many files, as devices cap theirs. */
    static final int MAX_ITEMS = 2000;

    private final String deviceId;
    private volatile Plan plan = Plan.DEFAULT;
    private long queries;

    /**
     * How the recordings lie and how a query is answered.
     *
     * @param days         how far back recordings go
     * @param fileSeconds  length of one file
     * @param gapSeconds   time between one file's end and the next one's start
     * @param alarmEvery   every n-th file is an alarm recording (0: none)
     * @param pageSize     items per Response message
     * @param lieSumNumBy  SumNum announces this many more than are sent
     * @param reversePages the last message is sent first
     * @param oneFilePerInvite a playback or download INVITE replays one file: from the start asked (or the
     *                     next file's start, when it falls in a gap) to the end of that file or of the range,
     *                     whichever comes first, then MediaStatus 121, as cameras that replay file by file do;
     *                     false: the whole range asked, files and gaps alike, then 121
     */
    public record Plan(int days, int fileSeconds, int gapSeconds, int alarmEvery, int pageSize, int lieSumNumBy,
                       boolean reversePages, boolean oneFilePerInvite) {
        public static final Plan DEFAULT = new Plan(2, 600, 0, 6, 10, 0, false);

        /** A plan whose replays run over the whole range asked. */
        public Plan(int days, int fileSeconds, int gapSeconds, int alarmEvery, int pageSize, int lieSumNumBy,
                    boolean reversePages) {
            this(days, fileSeconds, gapSeconds, alarmEvery, pageSize, lieSumNumBy, reversePages, false);
        }

        public Plan {
            if (days < 0 || fileSeconds < 1 || gapSeconds < 0 || pageSize < 1 || alarmEvery < 0) {
                throw new IllegalArgumentException("a recording plan needs days >= 0, fileSeconds >= 1, gapSeconds >= 0, pageSize >= 1");
            }
        }
    }

    Recordings(String deviceId) {
        this.deviceId = deviceId;
    }

    public void plan(Plan value) {
        this.plan = value;
    }

    public Plan plan() {
        return plan;
    }

    /** RecordInfo queries answered. */
    public long queries() {
        return queries;
    }

    /** The files of a channel overlapping {@code [from, to]}, oldest first, as of {@code now}. */
    public List<RecordItem> files(String channelId, LocalDateTime from, LocalDateTime to, String type, LocalDateTime now) {
        Plan p = plan;
        ZoneId zone = ZoneId.systemDefault();
        long nowS = now.atZone(zone).toEpochSecond();
        long oldest = now.toLocalDate().minusDays(p.days()).atStartOfDay(zone).toEpochSecond();
        long fromS = Math.max(oldest, from.atZone(zone).toEpochSecond());
        long toS = Math.min(nowS, to.atZone(zone).toEpochSecond());
        long period = (long) p.fileSeconds() + p.gapSeconds();
        List<RecordItem> items = new ArrayList<>();
        for (long k = Math.floorDiv(fromS - oldest, period); items.size() < MAX_ITEMS; k++) {
            long start = oldest + k * period;
            long end = start + p.fileSeconds();
            if (start > toS) {
                break;
            }
            if (end < fromS || end > nowS) {
                continue; // before the range, or still being written
            }
            String kind = p.alarmEvery() > 0 && Math.floorMod(k, p.alarmEvery()) == p.alarmEvery() - 1 ? "alarm" : "time";
            if (type != null && !type.equals("all") && !type.equals(kind)) {
                continue;
            }
            items.add(new RecordItem(channelId, "sim-" + channelId.substring(16), "/record/" + channelId + "/" + start + ".ps",
                    "Address 1", format(start, zone), format(end, zone), 0, kind, channelId,
                    OptionalLong.of(p.fileSeconds() * BYTES_PER_SECOND)));
        }
        return items;
    }

    /**
     * What a playback or download INVITE over {@code [start, end]} (epoch seconds) replays: the whole
     * range, or with {@link Plan#oneFilePerInvite} the part of it in the first file it reaches (the range
     * as asked when it reaches none).
     */
    public long[] replaySpan(long start, long end) {
        Plan p = plan;
        if (!p.oneFilePerInvite()) {
            return new long[] {start, end};
        }
        ZoneId zone = ZoneId.systemDefault();
        LocalDateTime now = LocalDateTime.now();
        long oldest = now.toLocalDate().minusDays(p.days()).atStartOfDay(zone).toEpochSecond();
        long period = (long) p.fileSeconds() + p.gapSeconds();
        long k = Math.floorDiv(start - oldest, period);
        long fileStart = oldest + k * period;
        long fileEnd = fileStart + p.fileSeconds();
        if (start >= fileEnd) { // in the gap after file k: the next file
            fileStart += period;
            fileEnd += period;
        }
        if (fileStart >= end) {
            return new long[] {start, end};
        }
        return new long[] {Math.max(start, fileStart), Math.min(end, fileEnd)};
    }

    /** The Response messages answering a RecordInfo query; none when it names no channel of this device. */
    List<byte[]> answer(ManscdpDocument query, List<String> channelIds) {
        String channelId = query.deviceId();
        if (!channelIds.contains(channelId) && !channelId.equals(deviceId)) {
            return List.of();
        }
        queries++;
        LocalDateTime from;
        LocalDateTime to;
        try {
            from = LocalDateTime.parse(query.text("StartTime").orElse(""), TIME);
            to = LocalDateTime.parse(query.text("EndTime").orElse(""), TIME);
        } catch (DateTimeParseException e) {
            return List.of(ManscdpRecords.response(query.sn(), channelId, "sim", 0, List.of()));
        }
        Plan p = plan;
        List<RecordItem> all = files(channelId, from, to, query.text("Type").orElse("all"), LocalDateTime.now());
        int sumNum = all.size() + p.lieSumNumBy();
        List<byte[]> pages = new ArrayList<>();
        for (int i = 0; i < all.size(); i += p.pageSize()) {
            pages.add(ManscdpRecords.response(query.sn(), channelId, "sim", sumNum, all.subList(i, Math.min(all.size(), i + p.pageSize()))));
        }
        if (pages.isEmpty()) {
            pages.add(ManscdpRecords.response(query.sn(), channelId, "sim", sumNum, List.of()));
        }
        if (p.reversePages()) {
            Collections.reverse(pages);
        }
        return pages;
    }

    private static String format(long epochSecond, ZoneId zone) {
        return LocalDateTime.ofInstant(java.time.Instant.ofEpochSecond(epochSecond), zone).format(TIME);
    }
}
