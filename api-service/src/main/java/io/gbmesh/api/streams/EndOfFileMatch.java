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
 * notification arrived is not a candidate, as its file cannot have ended before it started.
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
        return streams.stream()
                .filter(s -> s.recorded() && s.deviceId().equals(status.deviceId())
                        && (s.channelId().equals(status.channelId()) || s.deviceId().equals(status.channelId())))
                .filter(s -> s.segmentStartedAt() <= status.at())
                .min(Comparator.comparingLong(ActiveStream::segmentStartedAt).thenComparingLong(ActiveStream::startedAt)
                        .thenComparing(ActiveStream::streamId))
                .orElse(null);
    }
}
