package io.gbmesh.simulator.snapshot;

import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpControlReplies;
import io.gbmesh.protocol.manscdp.ManscdpSnapshots;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated device's side of GB/T 28181-2022 snapshots (reference 4.8, 6.13): it answers a
 * DeviceConfig with SnapShotConfig with its Response {@code Result OK} (or {@code ERROR} when told to
 * {@link #refuse}), takes SnapNum pictures of its capture ({@link CapturePictures}), uploads each to the
 * UploadURL as a {@code multipart/form-data} POST with the {@code SessionID} field and the picture named
 * {@code <fileId>.jpg}, Interval seconds apart, then sends UploadSnapShotFinished naming what was taken.
 */
public final class DeviceSnapshots {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceSnapshots.class);

    private final Vertx vertx;
    private final String mediaFile;
    private final Function<byte[], Future<SipResponse>> sendMessage;
    /** Made at the first upload: most simulated devices of a fleet never take a picture. */
    private HttpClient http;
    private volatile String ffmpeg = "ffmpeg";
    private volatile boolean refuse;
    private volatile boolean hold;
    private volatile String lastUploadUrl;
    private final AtomicInteger configs = new AtomicInteger();
    private final AtomicInteger sequence = new AtomicInteger();
    private final List<Integer> uploadStatuses = new CopyOnWriteArrayList<>();
    private final List<Integer> finishedStatuses = new CopyOnWriteArrayList<>();
    private long sn = 1;

    public DeviceSnapshots(Vertx vertx, String mediaFile, Function<byte[], Future<SipResponse>> sendMessage) {
        this.vertx = vertx;
        this.mediaFile = mediaFile;
        this.sendMessage = sendMessage;
    }

    /** The SnapShotConfig in a MESSAGE body, or empty when the body is something else. */
    public static Optional<ManscdpSnapshots.Config> config(byte[] body) {
        try {
            return ManscdpSnapshots.Config.from(ManscdpCodec.parse(body));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A SnapShotConfig: 200, the Response, then the pictures and the notification. */
    public void onConfig(ServerTransaction tx, ManscdpSnapshots.Config config) {
        configs.incrementAndGet();
        lastUploadUrl = config.uploadUrl();
        tx.respond(SipResponse.to(tx.request(), 200, Branches.tag()).build());
        boolean ok = !refuse && config.snapNum() >= 1 && config.snapNum() <= ManscdpSnapshots.MAX_SNAP_NUM
                && config.intervalSeconds() >= 1 && config.uploadUrl().startsWith("http");
        sendMessage.apply(ManscdpControlReplies.result(config.sn(), config.channelId(), ManscdpSnapshots.CONFIG_CMD_TYPE, ok,
                ok ? null : "snapshot refused")).onComplete(ar -> {
            if (ok && !hold) {
                take(config);
            }
        });
    }

    private void take(ManscdpSnapshots.Config config) {
        String program = ffmpeg;
        int offset = sequence.get() % 30;
        vertx.<List<byte[]>>executeBlocking(() -> CapturePictures.take(program, mediaFile, config.snapNum(), offset), false)
                .onFailure(err -> {
                    LOG.warn("no pictures for session {}: {}", config.sessionId(), err.getMessage());
                    finish(config.channelId(), config.sessionId(), List.of());
                })
                .onSuccess(pictures -> upload(config, pictures, 0, new ArrayList<>()));
    }

    private void upload(ManscdpSnapshots.Config config, List<byte[]> pictures, int index, List<String> uploaded) {
        if (index >= pictures.size()) {
            finish(config.channelId(), config.sessionId(), uploaded);
            return;
        }
        String fileId = ManscdpSnapshots.fileId(config.channelId(), LocalDateTime.now(), sequence.getAndIncrement());
        post(config.uploadUrl(), config.sessionId(), fileId, pictures.get(index)).onComplete(ar -> {
            int status = ar.succeeded() ? ar.result() : -1;
            uploadStatuses.add(status);
            if (status / 100 == 2) {
                uploaded.add(fileId);
            } else {
                LOG.warn("upload of {} to session {} answered {}", fileId, config.sessionId(),
                        ar.succeeded() ? status : ar.cause().getMessage());
            }
            if (index + 1 < pictures.size()) {
                vertx.setTimer(config.intervalSeconds() * 1000L, id -> upload(config, pictures, index + 1, uploaded));
            } else {
                upload(config, pictures, index + 1, uploaded);
            }
        });
    }

    /** Posts one picture as devices do: a multipart form with the session and the named file. */
    private Future<Integer> post(String url, String sessionId, String fileId, byte[] jpeg) {
        String boundary = "----gbmesh" + Long.toHexString(System.nanoTime());
        Buffer body = Buffer.buffer()
                .appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"SessionID\"\r\n\r\n" + sessionId + "\r\n")
                .appendString("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileId
                        + ".jpg\"\r\nContent-Type: image/jpeg\r\n\r\n")
                .appendBytes(jpeg)
                .appendString("\r\n--" + boundary + "--\r\n", StandardCharsets.US_ASCII.name());
        if (http == null) {
            http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000));
        }
        return http.request(new RequestOptions().setAbsoluteURI(url).setMethod(HttpMethod.POST).setTimeout(10_000))
                .compose(req -> req.putHeader("Content-Type", "multipart/form-data; boundary=" + boundary).send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    /**
     * Sends UploadSnapShotFinished for {@code sessionId} naming {@code fileIds} (also for a session the
     * platform never asked for, as a confused device would); the status the platform answered.
     */
    public Future<Integer> finish(String channelId, String sessionId, List<String> fileIds) {
        Promise<Integer> done = Promise.promise();
        sendMessage.apply(ManscdpSnapshots.finished(sn++, channelId, sessionId, fileIds)).onComplete(ar -> {
            int status = ar.succeeded() ? ar.result().statusCode() : -1;
            finishedStatuses.add(status);
            done.complete(status);
        });
        return done.future();
    }

    /** Answer the next SnapShotConfigs with {@code Result ERROR}. */
    public DeviceSnapshots refuse(boolean refuse) {
        this.refuse = refuse;
        return this;
    }

    /** Answer the next SnapShotConfigs with {@code Result OK} but upload nothing and send no notification. */
    public DeviceSnapshots hold(boolean hold) {
        this.hold = hold;
        return this;
    }

    /** The UploadURL of the last SnapShotConfig received, or null. */
    public String lastUploadUrl() {
        return lastUploadUrl;
    }

    /** The FFmpeg program that makes the pictures (default {@code ffmpeg} on the PATH). */
    public DeviceSnapshots ffmpeg(String program) {
        this.ffmpeg = program;
        return this;
    }

    public int configsReceived() {
        return configs.get();
    }

    /** The platform's answer to each upload, in order (-1: no answer). */
    public List<Integer> uploadStatuses() {
        return List.copyOf(uploadStatuses);
    }

    /** The platform's answer to each UploadSnapShotFinished, in order (-1: no answer). */
    public List<Integer> finishedStatuses() {
        return List.copyOf(finishedStatuses);
    }
}
