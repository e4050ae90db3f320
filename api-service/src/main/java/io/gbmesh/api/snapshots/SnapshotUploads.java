package io.gbmesh.api.snapshots;

import io.gbmesh.api.http.ApiProblem;
import io.gbmesh.api.store.SnapshotStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload URL given to devices, {@code POST} or {@code PUT /api/v1/snapshot-uploads/{sessionId}/{token}}
 * (reference 4.8): no bearer token, the secret in the path is the credential, checked against the
 * session's SHA-256 of it. The body (bounded by {@code GB_SNAPSHOT_MAX_BYTES}) is a multipart form with the
 * picture or the raw picture ({@link JpegBody}). A stored picture is written to
 * {@code <dir>/<deviceId>/<channelId>/<sessionId>/<fileId>.jpg} and gets its row: {@code 201}. Refused,
 * each counted and nothing stored: {@code 403} (no such session, or another token), {@code 413}
 * (too large), {@code 415} (no JPEG), {@code 409} (the session expired or has all its pictures),
 * {@code 503} (as many uploads as {@code GB_SNAPSHOT_MAX_UPLOADS} are being read: the device tries again).
 */
final class SnapshotUploads {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotUploads.class);
    static final Pattern SESSION_ID = Pattern.compile("[0-9a-fA-F-]{1,64}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final Pattern FILE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** File IDs as devices make them (reference 6.13): channel ID, 02 (a picture), yyyyMMddHHmmss, a 5-digit sequence. */
    private static final java.time.format.DateTimeFormatter FILE_TIME = java.time.format.DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final Vertx vertx;
    private final SnapshotStore store;
    private final SnapshotSettings settings;
    private final SnapshotCounters counters;
    private final AtomicInteger sequence = new AtomicInteger();
    static final long BODY_TIMEOUT_MILLIS = 30_000;
    /** Uploads being read or stored; used on the event loops of the HTTP server's verticle. */
    private final AtomicInteger inFlight = new AtomicInteger();

    SnapshotUploads(Vertx vertx, SnapshotStore store, SnapshotSettings settings, SnapshotCounters counters) {
        this.vertx = vertx;
        this.store = store;
        this.settings = settings;
        this.counters = counters;
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        String sessionId = ctx.pathParam("sessionId");
        String token = ctx.pathParam("token");
        long declared = contentLength(request);
        if (declared > settings.maxBytes()) {
            counters.rejectedSize.incrementAndGet();
            refuse(ctx, 413, "a picture may have at most " + settings.maxBytes() + " bytes", true);
            return;
        }
        if (inFlight.incrementAndGet() > settings.maxUploads()) {
            inFlight.decrementAndGet();
            counters.rejectedBusy.incrementAndGet();
            ctx.response().putHeader("Retry-After", "1");
            refuse(ctx, 503, "too many pictures are being uploaded; try again", true);
            return;
        }
        Buffer body = Buffer.buffer();
        boolean[] over = {false};
        // a device that stops sending halfway does not keep its place for ever
        long timer = vertx.setTimer(BODY_TIMEOUT_MILLIS, id -> {
            if (!over[0]) {
                over[0] = true;
                counters.rejectedSlow.incrementAndGet();
                refuse(ctx, 408, "the picture did not arrive within " + BODY_TIMEOUT_MILLIS + " ms", true);
            }
        });
        ctx.addEndHandler(v -> {
            inFlight.decrementAndGet();
            vertx.cancelTimer(timer);
        });
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > settings.maxBytes()) {
                over[0] = true;
                counters.rejectedSize.incrementAndGet();
                refuse(ctx, 413, "a picture may have at most " + settings.maxBytes() + " bytes", true);
                return;
            }
            body.appendBuffer(chunk);
        });
        request.endHandler(v -> {
            vertx.cancelTimer(timer);
            if (!over[0]) {
                received(ctx, sessionId, token, body.getBytes());
            }
        });
        request.resume();
    }

    private void received(RoutingContext ctx, String sessionId, String token, byte[] body) {
        if (!SESSION_ID.matcher(sessionId).matches() || !TOKEN.matcher(token).matches()) {
            counters.rejectedToken.incrementAndGet();
            refuse(ctx, 403, "not an upload URL this service gave out", false);
            return;
        }
        store.session(sessionId).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("snapshot upload for session {}: database unavailable: {}", sessionId, ar.cause().getMessage());
                refuse(ctx, 503, "the database is unavailable; try again", false);
                return;
            }
            if (ar.result().isEmpty() || !MessageDigest.isEqual(
                    sha256(token).getBytes(StandardCharsets.US_ASCII), ar.result().get().tokenSha256().getBytes(StandardCharsets.US_ASCII))) {
                counters.rejectedToken.incrementAndGet();
                refuse(ctx, 403, "not an upload URL this service gave out", false);
                return;
            }
            SnapshotStore.Session session = ar.result().get();
            JpegBody.Picture picture = JpegBody.extract(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE), body);
            if (picture == null) {
                counters.rejectedType.incrementAndGet();
                refuse(ctx, 415, "only a JPEG picture (image/jpeg, raw or in a multipart form) is taken", false);
                return;
            }
            store(ctx, session, picture);
        });
    }

    private void store(RoutingContext ctx, SnapshotStore.Session session, JpegBody.Picture picture) {
        String fileId = fileId(session, picture.fileName());
        Path relative = Path.of(session.deviceId(), session.channelId(), session.sessionId(), fileId + ".jpg");
        Path file = settings.dir().resolve(relative);
        vertx.fileSystem().mkdirs(file.getParent().toString())
                .compose(v -> vertx.fileSystem().writeFile(file.toString(), Buffer.buffer(picture.jpeg())))
                .compose(v -> store.add(session.sessionId(), fileId, picture.jpeg().length, relative.toString()))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().isPresent()) {
                        counters.stored.incrementAndGet();
                        SnapshotStore.Snapshot s = ar.result().get();
                        ctx.response().setStatusCode(201).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(new JsonObject().put("snapshotId", s.snapshotId()).put("fileId", s.fileId())
                                        .put("sizeBytes", s.sizeBytes()).encode());
                        return;
                    }
                    vertx.fileSystem().delete(file.toString()).otherwiseEmpty();
                    if (ar.succeeded()) {
                        counters.rejectedClosed.incrementAndGet();
                        refuse(ctx, 409, "session " + session.sessionId() + " expired or has all its " + session.snapNum()
                                + " pictures", false);
                    } else {
                        LOG.warn("snapshot upload for session {} not stored: {}", session.sessionId(), ar.cause().getMessage());
                        refuse(ctx, 503, "the picture could not be stored; try again", false);
                    }
                });
    }

    /** The device's own file ID (its file name without the extension) when it is a safe one, else one made as devices make them. */
    private String fileId(SnapshotStore.Session session, String fileName) {
        String name = fileName == null ? "" : fileName.replaceAll("(?i)\\.jpe?g$", "");
        int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
        name = name.substring(slash + 1);
        return FILE_ID.matcher(name).matches() ? name
                : session.channelId() + "02" + FILE_TIME.format(LocalDateTime.now())
                        + String.format("%05d", Math.floorMod(sequence.getAndIncrement(), 100_000));
    }

    private static void refuse(RoutingContext ctx, int status, String detail, boolean close) {
        if (ctx.response().ended()) {
            return;
        }
        if (close) {
            // the rest of the body is not read: the connection cannot carry another request
            ctx.response().putHeader(HttpHeaders.CONNECTION, "close");
        }
        new ApiProblem(status, detail).send(ctx);
    }

    private static long contentLength(HttpServerRequest request) {
        String v = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return v == null ? -1 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
