package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.RecordList;
import io.gbmesh.contracts.RecordQuery;
import io.gbmesh.contracts.StreamAnswered;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A playback asked over a range that spans several recording files goes on by itself (GB/T
 * 28181-2016 §9.8): at the device's end of file short of the end asked, the channel's files from the
 * current INVITE's start to that end are asked (RecordInfo), the device's dialog is ended (BYE) and
 * it is INVITEd again, to the same media node port with the same SSRC, from the next file's start
 * ({@link NextFile}); the media node is told the new answer (a TCP-active stream connects again). The
 * stream keeps its ID, its viewers and their URLs; its output timestamps stay monotonic (the node's
 * timestamp rebaser takes the new dialog's clock as a jump). At the end asked, when no file remains,
 * or when a step fails, the stream ends as it did before ({@code stop}).
 */
final class FileContinuation {
    private static final Logger LOG = LoggerFactory.getLogger(FileContinuation.class);
    private static final long RECORDS_TIMEOUT_MILLIS = 30_000;
    private static final long BYE_TIMEOUT_MILLIS = 10_000;

    private final StreamStart.Mesh mesh;
    private final ClusterStreams table;
    private final BiFunction<String, String, Future<Void>> stop;
    private final long inviteTimeoutMillis;

    FileContinuation(StreamStart.Mesh mesh, ClusterStreams table, BiFunction<String, String, Future<Void>> stop,
                     long inviteTimeoutMillis) {
        this.mesh = mesh;
        this.table = table;
        this.stop = stop;
        this.inviteTimeoutMillis = inviteTimeoutMillis;
    }

    /** The playback's current file ended: go on to the next one, or end it. */
    Future<Void> afterEndOfFile(ActiveStream s) {
        return nextStart(s).compose(next -> {
            if (next < 0) {
                LOG.info("playback {} reached the end of its range", s.streamId());
                return stop.apply(s.streamId(), "end-of-file").otherwiseEmpty();
            }
            LOG.info("playback {}: end of file, going on from {}", s.streamId(), RecordRoutes.deviceTime(next));
            return advance(s, next).recover(err -> {
                LOG.info("playback {} could not go on to its next file: {}", s.streamId(), err.getMessage());
                return stop.apply(s.streamId(), "end-of-file").otherwiseEmpty();
            });
        });
    }

    /** The next file's start from the channel's RecordInfo, -1 for none (or when the device does not answer). */
    private Future<Long> nextStart(ActiveStream s) {
        if (s.segmentStart() >= s.endTime() - NextFile.END_TOLERANCE_SECONDS) {
            return Future.succeededFuture(-1L);
        }
        RecordQuery query = new RecordQuery(s.deviceId(), s.channelId(), RecordRoutes.deviceTime(s.segmentStart()),
                RecordRoutes.deviceTime(s.endTime()), "all");
        return mesh.request(Addresses.RECORD_QUERY, query, RECORDS_TIMEOUT_MILLIS, RecordList.class)
                .map(list -> NextFile.after(s.segmentStart(), s.endTime(),
                        Math.max(0, s.fileEndedAt() - s.segmentStartedAt()) / 1000.0, spans(list)))
                .otherwise(err -> {
                    LOG.info("playback {}: the files after its current one are unknown ({}): it ends", s.streamId(),
                            err.getMessage());
                    return -1L;
                });
    }

    private static List<NextFile.Span> spans(RecordList list) {
        List<NextFile.Span> out = new ArrayList<>(list.items().size());
        for (RecordList.Item i : list.items()) {
            Long start = RecordRoutes.epochSeconds(i.start());
            Long end = RecordRoutes.epochSeconds(i.end());
            if (start != null && end != null && end > start) {
                out.add(new NextFile.Span(start, end));
            }
        }
        return out;
    }

    /**
     * A seek back before the current file: the device's npt counts from the current INVITE's start, so
     * the device is INVITEd again from {@code from} (epoch seconds) to the end asked, as for a next file.
     */
    Future<Void> restartFrom(ActiveStream s, long from) {
        return table.update(s.streamId(), now -> now.advancing() ? null : now.withAdvancing(true)).compose(mine -> {
            if (mine == null) {
                return Future.failedFuture(new StreamFailure(409, "playback " + s.streamId()
                        + " is moving to the next file; try again"));
            }
            LOG.info("playback {}: seek back to {}, before its current file", s.streamId(), RecordRoutes.deviceTime(from));
            return advance(mine, from).recover(err -> table.update(s.streamId(), now -> now.withAdvancing(false))
                    .transform(v -> Future.<Void>failedFuture(err)));
        });
    }

    private Future<Void> advance(ActiveStream s, long from) {
        return mesh.request(Addresses.BYE, new CloseStream(s.streamId(), "next-file"), BYE_TIMEOUT_MILLIS, Object.class)
                .otherwiseEmpty()
                .compose(v -> mesh.request(Addresses.INVITE, new InviteRequest(s.streamId(), s.deviceId(), s.channelId(),
                        s.kind(), s.mediaHost(), s.mediaPort(), s.transport(), s.ssrc(), s.profile(), from, s.endTime()),
                        inviteTimeoutMillis, InviteAnswer.class))
                .compose(answer -> mesh.request(Addresses.mediaNode(s.mediaNode()),
                                new StreamAnswered(s.streamId(), answer.deviceHost(), answer.devicePort(),
                                        answer.answeredSsrc()), StreamStart.NODE_TIMEOUT_MILLIS, Object.class)
                        .compose(v -> table.update(s.streamId(), now -> now.inNewDialog(from, answer.callId(),
                                answer.answeredSsrc(), System.currentTimeMillis())))
                        .compose(updated -> updated != null ? Future.succeededFuture()
                                // stopped meanwhile: the dialog just made is not the stream's any more
                                : mesh.request(Addresses.BYE, new CloseStream(s.streamId(), "closed-by-user"),
                                        BYE_TIMEOUT_MILLIS, Object.class).otherwiseEmpty()))
                .mapEmpty();
    }
}
