package io.gbmesh.api.streams;

import io.gbmesh.contracts.MediaStatusNotified;
import java.util.Comparator;
import java.util.List;

/**
 * Which stream a device's end of file ({@code MediaStatus} 121, GB/T 28181-2016 A.2.5.5) is about. A
 * device that sends the MESSAGE inside the stream's INVITE dialog names the stream by its Call-ID: that
 * stream, whatever else its channel plays. Out of dialog it names only the channel (or itself, for a
 * camera of one channel): of that channel's playbacks and downloads (never a live stream), the one
 * whose current file has been playing longest, which is the one most likely to have reached its end
 * (the oldest, when they started together); a stream whose current INVITE was answered after the
 * notification arrived is not a candidate, as its file cannot have ended before it started, nor is one
 * moving to its next file. An in-dialog MESSAGE whose Call-ID names no stream is about a dialog ended
 * already (the file before, a device repeating its 121): no stream, never a guess by the channel.
 * Devices often send 121 more than once: {@link #taken} handles one per dialog.
 */
final class EndOfFileMatch {
    private EndOfFileMatch() {
    }

    /** The stream the notification is about, or null for none. */
    static ActiveStream streamOf(MediaStatusNotified status, List<ActiveStream> streams) {
        if (status.callId() != null) {
            for (ActiveStream s : streams) {
                if (s.recorded() && status.callId().equals(s.callId()) && s.deviceId().equals(status.deviceId())) {
                    return s;
                }
            }
        }
        if (status.inDialog()) {
            return null;
        }
        return streams.stream()
                .filter(s -> s.recorded() && !s.advancing() && s.deviceId().equals(status.deviceId())
                        && (s.channelId().equals(status.channelId()) || s.deviceId().equals(status.channelId())))
                .filter(s -> s.segmentStartedAt() <= status.at())
                .min(Comparator.comparingLong(ActiveStream::segmentStartedAt).thenComparingLong(ActiveStream::startedAt)
                        .thenComparing(ActiveStream::streamId))
                .orElse(null);
    }

    /**
     * The table change that takes the end of file for {@code now} (the stream as the table has it at the
     * change), or null when it is not to be handled: the stream is moving to its next file already, its
     * current dialog's end of file was handled (a repeated 121), the notification names another dialog,
     * or it is older than the current dialog or than the end of file handled last.
     */
    static ActiveStream taken(MediaStatusNotified status, ActiveStream now) {
        if (now.advancing()) {
            return null;
        }
        if (now.callId() != null && now.callId().equals(now.endOfFileCallId())) {
            return null;
        }
        boolean sameDialog = status.callId() != null && status.callId().equals(now.callId());
        if (!sameDialog && (status.inDialog() || now.segmentStartedAt() > status.at())) {
            return null;
        }
        if (now.fileEndedAt() >= status.at()) {
            return null;
        }
        return now.withFileEnded(status.at());
    }
}
