package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamEndpoint;
import io.vertx.core.Future;

/**
 * Re-opens a stream whose media node is lost on another node, under the same stream ID and SSRC so
 * that its stable viewer URL and its entry in the table stay: a port on the new node, BYE of the old
 * dialog (the device stops sending to the dead port), a new INVITE to the new port through the
 * device's gateway, the device's answer confirmed to the new node, then the table entry moved to the
 * new node with a compare-and-set (only while it still names the lost node). What fails on the way
 * is undone (BYE, the new node's port closed) and the caller stops the stream, as any stream that cannot go on.
 */
final class StreamRelocation {
    private final StreamStart.Mesh mesh;
    private final ClusterStreams table;
    private final long inviteTimeoutMillis;

    StreamRelocation(StreamStart.Mesh mesh, ClusterStreams table, long inviteTimeoutMillis) {
        this.mesh = mesh;
        this.table = table;
        this.inviteTimeoutMillis = inviteTimeoutMillis;
    }

    /** Moves {@code s}, received on the lost node, to {@code target}: the stream as the table now holds it. */
    Future<ActiveStream> relocate(ActiveStream s, MediaNodeLoad target) {
        String lost = s.mediaNode();
        // a playback that went on to a later file is INVITEd again from that file, not from the range's start
        long from = Math.max(s.startTime(), s.segmentStart());
        OpenStream open = new OpenStream(s.streamId(), s.deviceId(), s.channelId(), s.transport(), s.ssrc(), s.kind(), false);
        return mesh.request(Addresses.mediaNode(target.nodeId()), open, StreamStart.NODE_TIMEOUT_MILLIS, StreamEndpoint.class)
                .compose(endpoint -> mesh.request(Addresses.BYE, new CloseStream(s.streamId(), "media-node-lost"),
                                StreamStart.NODE_TIMEOUT_MILLIS, Object.class).otherwiseEmpty()
                        .compose(v -> mesh.request(Addresses.INVITE, new InviteRequest(s.streamId(), s.deviceId(), s.channelId(),
                                s.kind(), endpoint.host(), endpoint.port(), s.transport(), s.ssrc(), s.profile(), from,
                                s.endTime()), inviteTimeoutMillis, InviteAnswer.class))
                        .compose(answer -> mesh.request(Addresses.mediaNode(target.nodeId()),
                                        new StreamAnswered(s.streamId(), answer.deviceHost(), answer.devicePort(), answer.answeredSsrc()),
                                        StreamStart.NODE_TIMEOUT_MILLIS, Object.class)
                                .compose(v -> table.update(s.streamId(), now -> lost.equals(now.mediaNode())
                                        ? now.onNode(target.nodeId(), endpoint.host(), endpoint.port(), target.httpBaseUrl(),
                                                answer.answeredSsrc(), endpoint.pushUrl())
                                                .inNewDialog(from, answer.callId(), answer.answeredSsrc(), System.currentTimeMillis())
                                        : null)))
                        .compose(moved -> moved != null ? Future.succeededFuture(moved)
                                : Future.<ActiveStream>failedFuture(new IllegalStateException("stream " + s.streamId()
                                        + " changed or stopped meanwhile")))
                        .recover(err -> {
                            CloseStream close = new CloseStream(s.streamId(), "relocation-failed");
                            return Future.join(
                                    mesh.request(Addresses.BYE, close, StreamStart.NODE_TIMEOUT_MILLIS, Object.class),
                                    mesh.request(Addresses.mediaNode(target.nodeId()), close, StreamStart.NODE_TIMEOUT_MILLIS, Object.class))
                                    .transform(ar -> Future.failedFuture(err));
                        }));
    }
}
