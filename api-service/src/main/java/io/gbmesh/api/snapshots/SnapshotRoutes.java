package io.gbmesh.api.snapshots;

import static io.gbmesh.api.http.StoreCalls.guard;

import io.gbmesh.api.http.ApiProblem;
import io.gbmesh.api.http.ApiRoutes;
import io.gbmesh.api.http.ApiServices;
import io.gbmesh.api.http.RequestChecks;
import io.gbmesh.api.store.Page;
import io.gbmesh.api.store.SnapshotStore;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.SnapshotConfigAnswer;
import io.gbmesh.contracts.SnapshotRequest;
import io.gbmesh.contracts.SnapshotsUploaded;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Device snapshots of GB/T 28181-2022 (§9.14; reference 4.8): {@code POST
 * /devices/{d}/channels/{c}/snapshots} {@code {"count":1..10,"interval":seconds}} opens a session with
 * a secret upload URL of this service, has the device's gateway send the channel its SnapShotConfig and
 * answers {@code 202} once the device said OK ({@code 502} when it said ERROR). The device uploads each
 * picture to that URL ({@link SnapshotUploads}) and then sends UploadSnapShotFinished, which marks the
 * session finished and is published on MQTT as {@code gb/devices/{deviceId}/snapshots}.
 * {@code GET /devices/{d}/channels/{c}/snapshots} lists the stored pictures newest first (keyset pages),
 * {@code GET /snapshots/{id}} serves one as {@code image/jpeg}, {@code GET /snapshot-sessions/{id}} says
 * how a session stands.
 */
public final class SnapshotRoutes implements ApiRoutes {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotRoutes.class);
    /** A session's state when it finished (JSON, see {@link #finishedEvent}), published locally: the MQTT events. */
    public static final String SNAPSHOT_EVENTS = "gb.api.snapshot.events";
    static final String UPLOAD_PATH = "/api/v1/snapshot-uploads/";
    static final int MAX_COUNT = 10;
    static final int MAX_INTERVAL = 3600;

    private final SnapshotSettings settings;
    private final SecureRandom random = new SecureRandom();
    private final SnapshotCounters counters = new SnapshotCounters();
    private SnapshotStore store;
    private SnapshotUploads uploads;

    public SnapshotRoutes(SnapshotSettings settings) {
        this.settings = settings;
    }

    private void prepare(ApiServices s) {
        if (store == null) {
            store = new SnapshotStore(s.database().pool());
            uploads = new SnapshotUploads(s.vertx(), store, settings, counters);
            counters.register(s.metrics());
            if (!settings.retention().isZero()) {
                SnapshotRetention retention = new SnapshotRetention(s.vertx(), store, settings.dir(), settings.retention(), counters);
                s.vertx().setPeriodic(Math.min(60_000, settings.sweepMillis()), settings.sweepMillis(), id -> retention.sweep()
                        .onFailure(err -> LOG.warn("snapshot retention sweep failed: {}", err.getMessage())));
            }
            MeshCodec.register(s.vertx().eventBus());
            s.vertx().eventBus().<Object>consumer(Addresses.SNAPSHOTS_UPLOADED, m -> {
                if (m.body() instanceof SnapshotsUploaded u) {
                    finished(s, u);
                }
            });
        }
    }

    @Override
    public void mountOpen(Router root, ApiServices s) {
        prepare(s);
        root.route(UPLOAD_PATH + ":sessionId/:token").method(HttpMethod.POST).method(HttpMethod.PUT).handler(uploads::handle);
    }

    @Override
    public void mount(Router v1, ApiServices s) {
        prepare(s);
        v1.post("/devices/:deviceId/channels/:channelId/snapshots").handler(ctx -> request(ctx, s));
        v1.get("/devices/:deviceId/channels/:channelId/snapshots").handler(this::list);
        v1.get("/snapshots/:snapshotId").handler(this::picture);
        v1.get("/snapshot-sessions/:sessionId").handler(this::session);
    }

    private void request(RoutingContext ctx, ApiServices s) {
        String deviceId = RequestChecks.deviceId(ctx, "deviceId");
        String channelId = RequestChecks.deviceId(ctx, "channelId");
        JsonObject body = RequestChecks.jsonObject(ctx, Set.of("count", "interval"));
        int count = number(body, "count", 1, MAX_COUNT);
        int interval = number(body, "interval", 1, MAX_INTERVAL);
        String sessionId = UUID.randomUUID().toString().replace("-", "");
        byte[] secret = new byte[24];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String uploadUrl = settings.uploadBase(ctx.request().localAddress().port()) + UPLOAD_PATH + sessionId + "/" + token;
        OffsetDateTime expires = OffsetDateTime.now().plusSeconds((long) count * interval + settings.graceSeconds());
        s.registry().get(deviceId).compose(live -> live.isPresent() ? Future.succeededFuture()
                        : guard(s.devices().get(deviceId)).compose(row -> Future.failedFuture(row.isPresent()
                        ? new ApiProblem(503, "device " + deviceId + " is offline")
                        : ApiProblem.notFound("no device " + deviceId))))
                .compose(v -> guard(store.createSession(sessionId, deviceId, channelId, SnapshotUploads.sha256(token), count,
                        interval, expires)))
                .compose(v -> {
                    counters.requested.incrementAndGet();
                    return s.vertx().eventBus().<Object>request(Addresses.SNAPSHOT_REQUEST,
                                    new SnapshotRequest(sessionId, deviceId, channelId, count, interval, uploadUrl),
                                    new DeliveryOptions().setSendTimeout(s.config().queryTimeoutMillis()))
                            .recover(err -> Future.failedFuture(problem(err)));
                })
                .compose(reply -> {
                    SnapshotConfigAnswer answer = (SnapshotConfigAnswer) reply.body();
                    return store.deviceResult(sessionId, answer.result()).otherwiseEmpty().map(answer);
                })
                .onSuccess(answer -> {
                    if (!"OK".equalsIgnoreCase(answer.result())) {
                        ctx.fail(new ApiProblem(502, "the device answered the SnapShotConfig with Result " + answer.result()));
                        return;
                    }
                    LOG.info("snapshot session {}: {} picture(s) of {}/{} every {} s", sessionId, count, deviceId, channelId, interval);
                    ctx.response().setStatusCode(202).putHeader("Location", "/api/v1/snapshot-sessions/" + sessionId)
                            .putHeader("Content-Type", "application/json")
                            .end(new JsonObject().put("sessionId", sessionId).put("deviceId", deviceId).put("channelId", channelId)
                                    .put("count", count).put("interval", interval).put("deviceResult", answer.result())
                                    .put("gatewayNode", answer.gatewayNode()).put("expiresAt", expires.toString()).encode());
                })
                .onFailure(ctx::fail);
    }

    private static int number(JsonObject body, String name, int min, int max) {
        Object v = body.getValue(name);
        if (v == null) {
            return min;
        }
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < min || ((Number) v).longValue() > max) {
            throw ApiProblem.invalid(name, name + " must be an integer from " + min + " to " + max);
        }
        return ((Number) v).intValue();
    }

    private void list(RoutingContext ctx) {
        String deviceId = RequestChecks.deviceId(ctx, "deviceId");
        String channelId = RequestChecks.deviceId(ctx, "channelId");
        int limit = RequestChecks.intParam(ctx, "limit", Page.DEFAULT_LIMIT, 1, Page.MAX_LIMIT);
        String after = RequestChecks.textParam(ctx, "after", 20);
        Long cursor = null;
        if (after != null) {
            try {
                cursor = Long.parseLong(after);
            } catch (NumberFormatException e) {
                cursor = -1L;
            }
            if (cursor <= 0) {
                throw ApiProblem.invalid("after", "after must be the next cursor of a previous page");
            }
        }
        guard(store.list(deviceId, channelId, cursor, limit)).map(rows -> {
            JsonArray items = new JsonArray();
            rows.forEach(r -> items.add(view(r)));
            JsonObject json = new JsonObject().put("items", items).put("limit", limit);
            if (rows.size() == limit) {
                json.put("next", Long.toString(rows.get(rows.size() - 1).snapshotId()));
            }
            return json;
        }).onSuccess(ctx::json).onFailure(ctx::fail);
    }

    private void picture(RoutingContext ctx) {
        long id = RequestChecks.rowId(ctx, "snapshotId");
        guard(store.get(id)).onSuccess(row -> {
            if (row.isEmpty()) {
                ctx.fail(ApiProblem.notFound("no snapshot " + id));
                return;
            }
            Path file = settings.dir().resolve(row.get().path()).normalize();
            if (!file.startsWith(settings.dir())) {
                ctx.fail(ApiProblem.notFound("no snapshot " + id));
                return;
            }
            ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "private, max-age=86400")
                    .sendFile(file.toString()).onFailure(err -> {
                        if (!ctx.response().headWritten()) {
                            ctx.fail(ApiProblem.notFound("the picture of snapshot " + id + " is gone from the disk"));
                        }
                    });
        }).onFailure(ctx::fail);
    }

    private void session(RoutingContext ctx) {
        String sessionId = ctx.pathParam("sessionId");
        if (!SnapshotUploads.SESSION_ID.matcher(sessionId).matches()) {
            throw ApiProblem.invalid("sessionId", "sessionId must be a session's ID");
        }
        guard(store.session(sessionId)).onSuccess(row -> {
            if (row.isEmpty()) {
                ctx.fail(ApiProblem.notFound("no snapshot session " + sessionId));
                return;
            }
            SnapshotStore.Session x = row.get();
            ctx.json(new JsonObject().put("sessionId", x.sessionId()).put("deviceId", x.deviceId())
                    .put("channelId", x.channelId()).put("count", x.snapNum()).put("interval", x.intervalSeconds())
                    .put("deviceResult", x.deviceResult()).put("createdAt", x.createdAt().toString())
                    .put("expiresAt", x.expiresAt().toString())
                    .put("state", x.finishedAt() != null ? "finished" : "OK".equalsIgnoreCase(x.deviceResult()) ? "uploading"
                            : x.deviceResult() == null ? "requested" : "refused")
                    .put("finishedAt", x.finishedAt() == null ? null : x.finishedAt().toString())
                    .put("stored", x.stored()).put("reportedFiles", new JsonArray(x.reportedFiles())));
        }).onFailure(ctx::fail);
    }

    /** A device's UploadSnapShotFinished: its session marked finished and published, or counted as unknown. */
    private void finished(ApiServices s, SnapshotsUploaded u) {
        if (u.sessionId() == null || !SnapshotUploads.SESSION_ID.matcher(u.sessionId()).matches()) {
            counters.finishedUnknown.incrementAndGet();
            return;
        }
        store.finish(u.sessionId(), u.deviceId(), u.fileIds()).onComplete(ar -> {
            if (ar.failed()) {
                LOG.warn("snapshot session {} not marked finished: {}", u.sessionId(), ar.cause().getMessage());
            } else if (ar.result().isEmpty()) {
                counters.finishedUnknown.incrementAndGet();
            } else {
                counters.finished.incrementAndGet();
                s.vertx().eventBus().publish(SNAPSHOT_EVENTS, finishedEvent(ar.result().get(), u),
                        new DeliveryOptions().setLocalOnly(true));
            }
        });
    }

    /** {@code {"deviceId","channelId","sessionId","state":"finished","stored","fileIds","at"}}. */
    static JsonObject finishedEvent(SnapshotStore.Session session, SnapshotsUploaded u) {
        return new JsonObject().put("deviceId", session.deviceId()).put("channelId", session.channelId())
                .put("sessionId", session.sessionId()).put("state", "finished").put("stored", session.stored())
                .put("fileIds", new JsonArray(u.fileIds())).put("at", u.at());
    }

    private static JsonObject view(SnapshotStore.Snapshot r) {
        return new JsonObject().put("snapshotId", r.snapshotId()).put("sessionId", r.sessionId())
                .put("deviceId", r.deviceId()).put("channelId", r.channelId()).put("fileId", r.fileId())
                .put("takenAt", r.takenAt().toString()).put("sizeBytes", r.sizeBytes())
                .put("url", "/api/v1/snapshots/" + r.snapshotId());
    }

    private static ApiProblem problem(Throwable err) {
        if (err instanceof ReplyException re && re.failureCode() > 0) {
            int status = switch (re.failureCode()) {
                case QueryFailure.BAD_REQUEST -> 400;
                case QueryFailure.UNKNOWN_DEVICE -> 404;
                case QueryFailure.DEVICE_OFFLINE -> 503;
                case QueryFailure.DEVICE_TIMEOUT -> 504;
                case QueryFailure.NOT_SUPPORTED -> 501;
                default -> 502;
            };
            return new ApiProblem(status, "the device: " + re.getMessage());
        }
        if (err instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
            return new ApiProblem(503, "no gateway node is running");
        }
        return new ApiProblem(504, "the device did not answer: " + err.getMessage());
    }
}
