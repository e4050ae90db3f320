package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.contracts.StreamStarted;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * One start of a stream, as its named steps ({@link StartStep}): claim an SSRC (and record the start
 * in the cluster's {@link StartsUnderWay}, so that it is closed should this replica go away), open a
 * port on the chosen media node, INVITE the device, confirm its answer to the node, wait for the first
 * frame. A failure at any step goes through the one clean-up path, which undoes what was done up to
 * that step (BYE once an INVITE may have reached the device, the port closed once asked for, the SSRC
 * released, the start forgotten), and ends as a {@link StreamFailure} naming the step. A start that
 * succeeds is forgotten by its caller, once its stream is in the stream table.
 */
final class StreamStart {

    /** What a start asks the mesh (the orchestrator's event bus), and the first frame it waits for. */
    interface Mesh {
        <T> Future<T> request(String address, Object body, long timeoutMillis, Class<T> type);

        /** Completes at the stream's first frame: listened for from now on, without a time limit yet. */
        Future<StreamStarted> expectFirstFrame(String streamId);

        /** The same first frame, now failing if it does not come within the first-frame timeout. */
        Future<StreamStarted> awaitFirstFrame(String streamId);

        /** The stream stops waiting for its first frame (it started or failed). */
        void forgetFirstFrame(String streamId);
    }

    /** What is asked: the kind of session, the channel, how the media comes, and the range of a playback or download. */
    record Request(StreamKind kind, String deviceId, String channelId, MediaTransport transport,
                   int profile, long startTime, long endTime, int downloadSpeed) {

        /** A request without a download speed (live, playback). */
        Request(StreamKind kind, String deviceId, String channelId, MediaTransport transport, int profile, long startTime,
                long endTime) {
            this(kind, deviceId, channelId, transport, profile, startTime, endTime, 0);
        }
    }

    /** Told a start's stream ID and media node once it is recorded under way (a download records itself then). */
    interface Begun {
        Future<Void> begun(String streamId, MediaNodeLoad node);
    }

    static final long NODE_TIMEOUT_MILLIS = 10_000;

    private final Request request;
    private final MediaNodeLoad node;
    private final SsrcAllocator ssrcs;
    private final StartsUnderWay starts;
    private final Mesh mesh;
    private final long inviteTimeoutMillis;
    private final Begun begun;
    private StartStep reached;
    private String ssrc;
    private String streamId;
    private StreamEndpoint endpoint;
    private InviteAnswer answer;
    private StreamStarted started;

    StreamStart(Request request, MediaNodeLoad node, SsrcAllocator ssrcs, StartsUnderWay starts, Mesh mesh,
                long inviteTimeoutMillis, Begun begun) {
        this.request = request;
        this.node = node;
        this.ssrcs = ssrcs;
        this.starts = starts;
        this.mesh = mesh;
        this.inviteTimeoutMillis = inviteTimeoutMillis;
        this.begun = begun;
    }

    Future<ActiveStream> run() {
        return step(StartStep.CLAIM_SSRC, this::claimSsrc)
                .compose(v -> step(StartStep.OPEN_PORT, this::openPort))
                .compose(v -> step(StartStep.INVITE, this::invite))
                .compose(v -> step(StartStep.CONFIRM, this::confirm))
                .compose(v -> step(StartStep.FIRST_FRAME, this::firstFrame))
                .map(v -> stream())
                .recover(this::cleanUp);
    }

    private Future<Void> step(StartStep step, Supplier<Future<?>> work) {
        reached = step;
        Future<?> done;
        try {
            done = work.get();
        } catch (RuntimeException e) {
            done = Future.failedFuture(e);
        }
        return done.<Void>mapEmpty().recover(err -> Future.failedFuture(StreamFailure.during(step, err)));
    }

    private String ssrcOwner() {
        return request.deviceId() + "_" + request.channelId();
    }

    private Future<?> claimSsrc() {
        return ssrcs.claim(request.kind() != StreamKind.PLAY, ssrcOwner())
                .recover(err -> Future.failedFuture(new StreamFailure(409, "no free SSRC: " + err.getMessage())))
                .compose(claimed -> {
                    ssrc = claimed;
                    streamId = request.deviceId() + "_" + request.channelId() + "_" + claimed;
                    return starts.begin(streamId, request.deviceId(), request.channelId(), ssrc, ssrcOwner(), node.nodeId())
                            .compose(v -> begun.begun(streamId, node));
                });
    }

    private Future<?> openPort() {
        // Waited for from now: the node may see the first frame before the answer to the confirm arrives.
        mesh.expectFirstFrame(streamId).onSuccess(s -> started = s);
        OpenStream open = new OpenStream(streamId, request.deviceId(), request.channelId(), request.transport(), ssrc,
                request.kind(), false);
        return mesh.request(Addresses.mediaNode(node.nodeId()), open, NODE_TIMEOUT_MILLIS, StreamEndpoint.class)
                .onSuccess(e -> endpoint = e);
    }

    private Future<?> invite() {
        InviteRequest invite = new InviteRequest(streamId, request.deviceId(), request.channelId(), request.kind(),
                endpoint.host(), endpoint.port(), request.transport(), ssrc, request.profile(), request.startTime(),
                request.endTime(), request.downloadSpeed());
        return mesh.request(Addresses.INVITE, invite, inviteTimeoutMillis, InviteAnswer.class).onSuccess(a -> answer = a);
    }

    private Future<?> confirm() {
        return mesh.request(Addresses.mediaNode(node.nodeId()),
                new StreamAnswered(streamId, answer.deviceHost(), answer.devicePort(), answer.answeredSsrc()),
                NODE_TIMEOUT_MILLIS, Object.class);
    }

    private Future<?> firstFrame() {
        return started != null ? Future.succeededFuture(started) : mesh.awaitFirstFrame(streamId).onSuccess(s -> started = s);
    }

    /** The device's answer to the INVITE, once the start got that far; null before. */
    InviteAnswer answer() {
        return answer;
    }

    private ActiveStream stream() {
        mesh.forgetFirstFrame(streamId);
        StreamStarted first = started;
        return new ActiveStream(streamId, request.kind(), request.deviceId(), request.channelId(), request.profile(),
                request.transport(), request.startTime(), request.endTime(), node.nodeId(), endpoint.host(),
                endpoint.port(), node.httpBaseUrl(), ssrc, answer.answeredSsrc(), endpoint.pushUrl(),
                first == null ? null : first.codec(), first == null ? 0 : first.width(), first == null ? 0 : first.height(),
                System.currentTimeMillis(), 0, 0, answer.callId(), request.startTime(), System.currentTimeMillis(), 0, null, false);
    }

    /** The one clean-up path: what the steps up to the failed one did is undone, then the failure is answered. */
    private Future<ActiveStream> cleanUp(Throwable failure) {
        if (streamId != null) {
            mesh.forgetFirstFrame(streamId);
        }
        List<Future<?>> undo = new ArrayList<>();
        CloseStream close = new CloseStream(streamId, "start-failed");
        if (reached.compareTo(StartStep.INVITE) >= 0) {
            // an INVITE that timed out may still have been accepted by the device
            undo.add(mesh.request(Addresses.BYE, close, NODE_TIMEOUT_MILLIS, Object.class));
        }
        if (reached.compareTo(StartStep.OPEN_PORT) >= 0) {
            undo.add(mesh.request(Addresses.mediaNode(node.nodeId()), close, NODE_TIMEOUT_MILLIS, Object.class));
        }
        // the start forgotten before its SSRC is released: a new start that claims the SSRC again has the same
        // stream ID, and its entry must not be the one removed; a start that could not be forgotten keeps its
        // SSRC for the sweep that settles its entry (StartsUnderWay)
        return Future.join(undo)
                .transform(v -> streamId == null ? Future.succeededFuture() : starts.end(streamId))
                .compose(v -> ssrc == null ? Future.succeededFuture() : ssrcs.release(ssrc, ssrcOwner()))
                .transform(ar -> Future.failedFuture(failure));
    }
}
