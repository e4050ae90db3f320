package io.gbmesh.api.snapshots;

import io.gbmesh.api.http.ApiProblem;
import io.gbmesh.api.store.SnapshotStore;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.file.CopyOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDateTime;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
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
 * {@code 503} (as many uploads as {@code GB_SNAPSHOT_MAX_UPLOADS} are being read, or as
 * {@code GB_SNAPSHOT_MAX_UPLOADS_PER_ADDRESS} from the same address: the device tries again), {@code 408}
 * (not complete within {@code GB_SNAPSHOT_REQUEST_TIMEOUT_MS}). The session and token are checked before
 * any of the body is read or a place among those read at once is taken; a refused upload's connection is
 * closed once the answer is written, and what was read of its body let go.
 */
final class SnapshotUploads {
    /** How long a refused upload's connection still reads (and drops) what the client sends before it is closed. */
    static final long LINGER_MILLIS = 2_000;

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
    /** Uploads being read or stored (their session and token checked). */
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Uploads being checked, read or stored, by source address. */
    private final Map<String, Integer> perAddress = new ConcurrentHashMap<>();

    SnapshotUploads(Vertx vertx, SnapshotStore store, SnapshotSettings settings, SnapshotCounters counters) {
        this.vertx = vertx;
        this.store = store;
        this.settings = settings;
        this.counters = counters;
    }

    /** Uploads being read or stored now. */
    int inFlight() {
        return inFlight.get();
    }

    void handle(RoutingContext ctx) {
        HttpServerRequest request = ctx.request();
        // nothing of the body is read before the URL's session and token were checked
        request.pause();
        Upload upload = new Upload(ctx);
        ctx.addEndHandler(v -> upload.release());
        String sessionId = ctx.pathParam("sessionId");
        String token = ctx.pathParam("token");
        if (!SESSION_ID.matcher(sessionId).matches() || !TOKEN.matcher(token).matches()) {
            counters.rejectedToken.incrementAndGet();
            upload.refuse(403, "not an upload URL this service gave out");
            return;
        }
        if (contentLength(request) > settings.maxBytes()) {
            counters.rejectedSize.incrementAndGet();
            upload.refuse(413, "a picture may have at most " + settings.maxBytes() + " bytes");
            return;
        }
        if (!upload.takeAddress(request.remoteAddress() == null ? "" : request.remoteAddress().hostAddress())) {
            counters.rejectedBusy.incrementAndGet();
            ctx.response().putHeader("Retry-After", "1");
            upload.refuse(503, "too many pictures are being uploaded from this address; try again");
            return;
        }
        // a device that stops sending halfway (or never starts) does not keep its place for ever
        upload.timer = vertx.setTimer(settings.requestTimeoutMillis(), id -> {
            if (!upload.done) {
                counters.rejectedSlow.incrementAndGet();
                upload.refuse(408, "the picture did not arrive within " + settings.requestTimeoutMillis() + " ms");
            }
        });
        store.session(sessionId).onComplete(ar -> {
            if (upload.done) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("snapshot upload for session {}: database unavailable: {}", sessionId, ar.cause().getMessage());
                upload.refuse(503, "the database is unavailable; try again");
                return;
            }
            if (ar.result().isEmpty() || !MessageDigest.isEqual(
                    sha256(token).getBytes(StandardCharsets.US_ASCII), ar.result().get().tokenSha256().getBytes(StandardCharsets.US_ASCII))) {
                counters.rejectedToken.incrementAndGet();
                upload.refuse(403, "not an upload URL this service gave out");
                return;
            }
            if (!upload.takeSlot()) {
                counters.rejectedBusy.incrementAndGet();
                ctx.response().putHeader("Retry-After", "1");
                upload.refuse(503, "too many pictures are being uploaded; try again");
                return;
            }
            upload.read(ar.result().get());
        });
    }

    /** One upload: what it holds (its place among those read at once, its body so far) until it is answered. */
    private final class Upload {
        private final RoutingContext ctx;
        private final HttpServerRequest request;
        private Buffer body;
        private String address;
        private boolean slot;
        private boolean done;
        private long timer = -1;

        Upload(RoutingContext ctx) {
            this.ctx = ctx;
            this.request = ctx.request();
        }

        boolean takeAddress(String from) {
            if (perAddress.merge(from, 1, Integer::sum) > settings.maxUploadsPerAddress()) {
                perAddress.computeIfPresent(from, (k, n) -> n <= 1 ? null : n - 1);
                return false;
            }
            address = from;
            return true;
        }

        boolean takeSlot() {
            if (inFlight.incrementAndGet() > settings.maxUploads()) {
                inFlight.decrementAndGet();
                return false;
            }
            slot = true;
            return true;
        }

        void read(SnapshotStore.Session session) {
            body = Buffer.buffer();
            request.handler(chunk -> {
                if (done || body == null) {
                    return;
                }
                if (body.length() + chunk.length() > settings.maxBytes()) {
                    counters.rejectedSize.incrementAndGet();
                    refuse(413, "a picture may have at most " + settings.maxBytes() + " bytes");
                    return;
                }
                body.appendBuffer(chunk);
            });
            request.endHandler(v -> {
                if (done || body == null) {
                    return;
                }
                cancelTimer();
                byte[] bytes = body.getBytes();
                body = null;
                JpegBody.Picture picture = JpegBody.extract(request.getHeader(HttpHeaders.CONTENT_TYPE), bytes);
                if (picture == null) {
                    counters.rejectedType.incrementAndGet();
                    refuse(415, "only a JPEG picture (image/jpeg, raw or in a multipart form) is taken");
                    return;
                }
                store(this, session, picture);
            });
            request.exceptionHandler(err -> release());
            request.resume();
        }

        /**
         * Answers with a problem and closes the connection once the answer is written: the rest of a body
         * is not read, and what was read of it is let go at once, as is the upload's place.
         */
        void refuse(int status, String detail) {
            done = true;
            body = null;
            request.handler(null);
            release();
            HttpServerResponse response = ctx.response();
            if (response.ended() || response.closed()) {
                return;
            }
            if (response.headWritten()) {
                response.reset();
                return;
            }
            boolean bodyComing = !request.isEnded();
            boolean http2 = request.version() == io.vertx.core.http.HttpVersion.HTTP_2;
            response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, ApiProblem.CONTENT_TYPE);
            if (bodyComing && !http2) {
                response.putHeader(HttpHeaders.CONNECTION, "close");
            }
            response.end(new ApiProblem(status, detail).toJson().encode()).onComplete(ar -> {
                if (!bodyComing) {
                    return; // all of it was read: the connection may carry the next request
                }
                if (http2) {
                    response.reset(); // this stream only: the connection's other streams go on
                    return;
                }
                // closed once the client has sent what it was sending (read and dropped, nothing kept) or
                // after LINGER_MILLIS: closing while it still writes would reset the connection and lose
                // the answer at the client's side
                io.vertx.core.http.HttpConnection connection = request.connection();
                long timer = ctx.vertx().setTimer(LINGER_MILLIS, id -> connection.close());
                request.endHandler(v -> {
                    ctx.vertx().cancelTimer(timer);
                    connection.close();
                });
                request.resume();
            });
        }

        void stored(int status, JsonObject answer) {
            done = true;
            release();
            if (!ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(answer.encode());
            }
        }

        private void cancelTimer() {
            if (timer >= 0) {
                vertx.cancelTimer(timer);
                timer = -1;
            }
        }

        /** Gives back the upload's place; once, whichever of its answer, its refusal or its connection's end comes first. */
        void release() {
            cancelTimer();
            body = null;
            if (slot) {
                slot = false;
                inFlight.decrementAndGet();
            }
            if (address != null) {
                perAddress.computeIfPresent(address, (k, n) -> n <= 1 ? null : n - 1);
                address = null;
            }
        }
    }

    /**
     * Writes the picture to a file of its own beside where it goes, then, under the session's row lock,
     * takes its row and renames that file into place: a refused upload (the session expired or full) never
     * touches a stored picture, and two uploads of one file ID are put in place one after the other.
     */
    private void store(Upload upload, SnapshotStore.Session session, JpegBody.Picture picture) {
        String fileId = fileId(session, picture.fileName());
        Path relative = Path.of(session.deviceId(), session.channelId(), session.sessionId(), fileId + ".jpg");
        Path file = settings.dir().resolve(relative);
        Path temp = file.resolveSibling("." + fileId + "." + UUID.randomUUID().toString().replace("-", "") + ".tmp");
        vertx.fileSystem().mkdirs(file.getParent().toString())
                .compose(v -> vertx.fileSystem().writeFile(temp.toString(), Buffer.buffer(picture.jpeg())))
                .compose(v -> store.add(session.sessionId(), fileId, picture.jpeg().length, relative.toString(),
                        () -> vertx.fileSystem().move(temp.toString(), file.toString(),
                                new CopyOptions().setReplaceExisting(true).setAtomicMove(true))))
                .onComplete(ar -> {
                    if (ar.succeeded() && ar.result().isPresent()) {
                        counters.stored.incrementAndGet();
                        SnapshotStore.Snapshot s = ar.result().get();
                        upload.stored(201, new JsonObject().put("snapshotId", s.snapshotId()).put("fileId", s.fileId())
                                .put("sizeBytes", s.sizeBytes()));
                        return;
                    }
                    vertx.fileSystem().delete(temp.toString()).otherwiseEmpty().onComplete(deleted -> {
                        if (ar.succeeded()) {
                            counters.rejectedClosed.incrementAndGet();
                            upload.refuse(409, "session " + session.sessionId() + " expired or has all its " + session.snapNum()
                                    + " pictures");
                        } else {
                            LOG.warn("snapshot upload for session {} not stored: {}", session.sessionId(), ar.cause().getMessage());
                            upload.refuse(503, "the picture could not be stored; try again");
                        }
                    });
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
