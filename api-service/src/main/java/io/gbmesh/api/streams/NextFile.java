package io.gbmesh.api.streams;

import java.util.List;

/**
 * Where a playback over several recording files goes on after a device's end of file (GB/T
 * 28181-2016 §9.8; a device replays one file per INVITE and says {@code MediaStatus} 121 at its end):
 * the current file is the one holding the start the current INVITE asked from (or the first after it,
 * when that start fell in a gap); the playback goes on from the start of the next file after it that
 * starts before the end asked, and ends when the current file reaches that end or no file remains.
 * A device that replays the whole range across its files (an NVR, typically) says 121 only at the end
 * of the range: that is told by the wall time the current INVITE has played, which then covers the
 * rest of the range (at 1x; a playback sped up or paused meanwhile may be judged wrong).
 */
final class NextFile {
    /** A file ending within this of the end asked has played the whole range (devices round to the second). */
    static final long END_TOLERANCE_SECONDS = 1;
    /** Wall time played within this of the rest of the range: the device played it all (start-up and GOP slack). */
    static final double PLAYED_TOLERANCE_SECONDS = 2;

    /** One recording file, epoch seconds. */
    record Span(long start, long end) {
    }

    private NextFile() {
    }

    /**
     * The start (epoch seconds) to INVITE the device from next, or -1 for the end of the playback.
     *
     * @param from   the start the current INVITE asked from
     * @param end    the end of the range the playback was asked over
     * @param played seconds of wall time from the current INVITE's answer to the end of file
     * @param files  the channel's files overlapping {@code [from, end]}, in any order
     */
    static long after(long from, long end, double played, List<Span> files) {
        if (played >= end - from - PLAYED_TOLERANCE_SECONDS) {
            return -1; // the device played the rest of the range, across its files
        }
        Span current = null;
        for (Span f : files) {
            boolean holds = f.start() <= from && from < f.end();
            boolean later = f.start() > from && f.start() < end;
            if (holds && (current == null || current.start() > from || f.end() > current.end())) {
                current = f;
            } else if (later && (current == null || current.start() > from && f.start() < current.start())) {
                current = f;
            }
        }
        if (current == null || current.end() >= end - END_TOLERANCE_SECONDS) {
            return -1;
        }
        long next = -1;
        for (Span f : files) {
            if (f.start() >= current.end() - END_TOLERANCE_SECONDS && f.start() > from && f.start() < end
                    && f != current && (next < 0 || f.start() < next)) {
                next = f.start();
            }
        }
        return next;
    }
}
