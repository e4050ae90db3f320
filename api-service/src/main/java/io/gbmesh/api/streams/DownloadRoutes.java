package io.gbmesh.api.streams;

import io.gbmesh.contracts.MediaTransport;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The download endpoints (GB/T 28181-2016 §9.9; reference 6.11):
 * {@code POST /api/v1/devices/{d}/channels/{c}/downloads} {@code {"start", "end", "speed": 1..8,
 * "transport"}} starts one (201 {@code {downloadId}} at its first frame; listed {@code queued} while it
 * starts, and not at all once its start failed); {@code GET /api/v1/downloads}
 * and {@code GET /api/v1/downloads/{id}} show state, progress, bytes, media seconds and speed achieved;
 * {@code GET /api/v1/downloads/{id}/file} redirects (302) to the file on its media node, with a
 * token signed for it (the node serves {@code video/mp4} with HTTP Range); {@code DELETE
 * /api/v1/downloads/{id}} stops it (BYE), keeping the file of what arrived.
 */
public final class DownloadRoutes {
    private static final Pattern ID = Pattern.compile("\\d{20}");

    private final StreamOrchestrator orchestrator;
    private final Downloads downloads;
    private final BiConsumer<RoutingContext, StreamFailure> problem;
    private final AtomicLong refused = new AtomicLong();

    public DownloadRoutes(StreamOrchestrator orchestrator, Downloads downloads, BiConsumer<RoutingContext, StreamFailure> problem) {
        this.orchestrator = orchestrator;
        this.downloads = downloads;
        this.problem = problem;
    }

    public void mount(Router router, String prefix) {
        router.post(prefix + "/devices/:deviceId/channels/:channelId/downloads").handler(this::start);
        router.get(prefix + "/downloads").handler(ctx -> downloads.list(System.currentTimeMillis())
                .onSuccess(items -> ctx.json(new JsonObject().put("items", items)))
                .onFailure(err -> problem.accept(ctx, new StreamFailure(503, "the download table is unavailable: "
                        + err.getMessage()))));
        router.get(prefix + "/downloads/:id").handler(this::show);
        router.get(prefix + "/downloads/:id/file").handler(this::file);
        router.delete(prefix + "/downloads/:id").handler(this::stop);
    }

    /** Requests refused for bad input. */
    public long refused() {
        return refused.get();
    }

    private void bad(RoutingContext ctx, String message) {
        refused.incrementAndGet();
        problem.accept(ctx, new StreamFailure(400, message));
    }

    private void start(RoutingContext ctx) {
        String deviceId = ctx.pathParam("deviceId");
        String channelId = ctx.pathParam("channelId");
        JsonObject body = RecordRoutes.jsonBody(ctx);
        if (body == null) {
            bad(ctx, "body must be a JSON object {\"start\", \"end\", \"speed\": 1..8, \"transport\"}");
            return;
        }
        if (!ID.matcher(deviceId).matches() || !ID.matcher(channelId).matches()) {
            bad(ctx, "deviceId and channelId must be 20 digits");
            return;
        }
        Long start = RecordRoutes.epochSeconds(RecordRoutes.text(body.getValue("start")));
        Long end = RecordRoutes.epochSeconds(RecordRoutes.text(body.getValue("end")));
        if (start == null || end == null || end <= start) {
            bad(ctx, "start and end are required, as yyyy-MM-ddTHH:mm:ss or epoch seconds, start < end");
            return;
        }
        double speed = RecordRoutes.number(body.getValue("speed"), 1);
        if (!(speed >= 1 && speed <= 8 && speed == Math.floor(speed))) {
            bad(ctx, "speed must be a whole number within 1..8");
            return;
        }
        String transportName = body.getString("transport", "udp");
        MediaTransport transport = RecordRoutes.transport(transportName);
        if (transport == null) {
            bad(ctx, "transport must be udp, tcp-passive or tcp-active");
            return;
        }
        long requestedAt = System.currentTimeMillis();
        long[] deviceFileSize = {-1};
        Downloads.Entry[] queued = {null};
        StreamStart.Begun begun = (streamId, node) -> {
            // listed (queued) from now on, answered for by this replica: settled by another should this one go
            Downloads.Entry e = new Downloads.Entry(streamId, deviceId, channelId, start, end, (int) speed,
                    transportName.toLowerCase(Locale.ROOT), requestedAt);
            e.onNode(node.nodeId(), node.httpBaseUrl());
            e.ownedBy(orchestrator.self());
            queued[0] = e;
            return downloads.add(e);
        };
        orchestrator.download(deviceId, channelId, transport, start, end, (int) speed, begun, answer -> {
                    if (answer != null) {
                        deviceFileSize[0] = answer.fileSize();
                    }
                })
                .onSuccess(s -> downloads.started(queued[0], s, deviceFileSize[0]).onComplete(ar -> {
                    Downloads.Entry e = ar.succeeded() ? ar.result() : queued[0];
                    if (e.stopWasAsked()) {
                        // stopped while it was queued: its stream, now in the table, is stopped as the user asked
                        orchestrator.stop(s.streamId(), "closed-by-user");
                    }
                    ctx.response().setStatusCode(201).putHeader("Location", "/api/v1/downloads/" + s.streamId());
                    ctx.json(e.describe(System.currentTimeMillis()));
                }))
                .onFailure(err -> {
                    if (queued[0] != null) {
                        downloads.forget(queued[0].id());
                    }
                    problem.accept(ctx, err instanceof StreamFailure f ? f
                            : new StreamFailure(500, String.valueOf(err.getMessage())));
                });
    }

    /** The download of the path, or null when there is none (then answered 404, or 503 for a table out of reach). */
    private io.vertx.core.Future<Downloads.Entry> entry(RoutingContext ctx) {
        return downloads.get(ctx.pathParam("id")).transform(ar -> {
            if (ar.failed()) {
                problem.accept(ctx, new StreamFailure(503, "the download table is unavailable: " + ar.cause().getMessage()));
                return io.vertx.core.Future.succeededFuture(null);
            }
            if (ar.result() == null) {
                problem.accept(ctx, new StreamFailure(404, "no download " + ctx.pathParam("id")));
            }
            return io.vertx.core.Future.succeededFuture(ar.result());
        });
    }

    private void show(RoutingContext ctx) {
        entry(ctx).onSuccess(e -> {
            if (e != null) {
                ctx.json(e.describe(System.currentTimeMillis()));
            }
        });
    }

    private void file(RoutingContext ctx) {
        entry(ctx).onSuccess(e -> {
            if (e == null) {
                return;
            }
            String url = orchestrator.signedUrl(e.mediaHttpUrl() + "/downloads/" + e.id() + ".mp4", e.id());
            ctx.response().setStatusCode(302).putHeader("Location", url).putHeader("Cache-Control", "no-store").end();
        });
    }

    private void stop(RoutingContext ctx) {
        entry(ctx).onSuccess(e -> {
            if (e == null) {
                return;
            }
            if (e.ended()) {
                ctx.json(e.describe(System.currentTimeMillis()));
                return;
            }
            downloads.stopAsked(e.id(), orchestrator.self())
                    .compose(asked -> orchestrator.stop(e.id(), "closed-by-user").otherwiseEmpty().map(asked))
                    .onComplete(ar -> ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                            .end((ar.succeeded() && ar.result() != null ? ar.result() : e).describe(System.currentTimeMillis())
                                    .encode()));
        });
    }
}
