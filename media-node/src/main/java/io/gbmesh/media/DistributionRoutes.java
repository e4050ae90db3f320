package io.gbmesh.media;

import io.gbmesh.media.push.StreamPusher;
import io.gbmesh.media.snapshot.JpegSnapshot;
import io.gbmesh.protocol.media.MediaFrame;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The node's distribution endpoints, for the api-service (bearer token of the node-api scope):
 * {@code POST /api/streams/{id}/pushes} ({@code {"url": "rtmp://...|rtsp://...", "pushId"?, "watermark"?}}),
 * {@code GET /api/streams/{id}/pushes}, {@code DELETE /api/streams/{id}/pushes/{pushId}}: pushes attached
 * to and detached from the running stream; and {@code GET /api/streams/{id}/snapshot}: a JPEG of the
 * stream's last key frame (waiting up to {@code waitMs}, default 5000, for the first one of a stream just
 * opened).
 */
final class DistributionRoutes {

    private static final Pattern PUSH_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,63}");
    private static final long MAX_WAIT_MILLIS = 15_000;
    private static final long WAIT_STEP_MILLIS = 50;

    private final MediaNodeVerticle node;
    private final ViewerAdmission admission;

    DistributionRoutes(MediaNodeVerticle node, ViewerAdmission admission) {
        this.node = node;
        this.admission = admission;
    }

    void mount(Router router) {
        router.post("/api/streams/:streamId/pushes").handler(BodyHandler.create(false).setBodyLimit(1024 * 1024));
        router.post("/api/streams/:streamId/pushes").handler(this::addPush);
        router.get("/api/streams/:streamId/pushes").handler(this::listPushes);
        router.delete("/api/streams/:streamId/pushes/:pushId").handler(this::removePush);
        router.get("/api/streams/:streamId/snapshot").handler(this::snapshot);
    }

    /** The stream named by the path, after the token check; null when the request was answered. */
    private StreamSession authorizedStream(RoutingContext ctx) {
        if (!admission.checkApi(ctx.request().getHeader("Authorization"), System.currentTimeMillis())) {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"gbmesh-media\"")
                    .end("a bearer token of the node-api scope for this node is needed (signed with GB_MEDIA_URL_SECRET)");
            return null;
        }
        StreamSession session = node.session(ctx.pathParam("streamId"));
        if (session == null || session.isClosed()) {
            error(ctx, 404, "no stream " + ctx.pathParam("streamId") + " on this node");
            return null;
        }
        return session;
    }

    private void addPush(RoutingContext ctx) {
        StreamSession session = authorizedStream(ctx);
        if (session == null) {
            return;
        }
        JsonObject body;
        try {
            body = ctx.body().asJsonObject();
        } catch (RuntimeException e) {
            body = null;
        }
        if (body == null) {
            error(ctx, 400, "the body must be a JSON object {\"url\": \"rtmp://...|rtsp://...\"}");
            return;
        }
        Object urlValue = body.getValue("url");
        String url = urlValue instanceof String u ? u : null;
        if (!StreamPusher.isPushUrl(url)) {
            error(ctx, 400, "url must be an rtmp:// or rtsp:// URL with a host");
            return;
        }
        Object idValue = body.getValue("pushId");
        String pushId = idValue == null ? UUID.randomUUID().toString().replace("-", "").substring(0, 16)
                : idValue instanceof String s ? s : "";
        if (!PUSH_ID.matcher(pushId).matches()) {
            error(ctx, 400, "pushId must be 1 to 64 letters, digits, '.', '_' or '-'");
            return;
        }
        Object watermarkValue = body.getValue("watermark");
        io.gbmesh.media.push.Watermark watermark = null;
        if (watermarkValue != null) {
            try {
                watermark = io.gbmesh.media.push.Watermark.fromJson(watermarkValue);
            } catch (IllegalArgumentException e) {
                error(ctx, 400, "watermark: " + e.getMessage());
                return;
            }
        }
        StreamPusher push = watermark == null ? new StreamPusher(url, session.streamId() + "-" + pushId)
                : new StreamPusher(url, session.streamId() + "-" + pushId, watermark::transform, StreamPusher.MIN_BACKOFF_MILLIS);
        if (!session.addPush(pushId, push)) {
            error(ctx, 409, "the stream already has a push " + pushId);
            return;
        }
        ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json")
                .end(describe(pushId, push).encode());
    }

    private void listPushes(RoutingContext ctx) {
        StreamSession session = authorizedStream(ctx);
        if (session != null) {
            ctx.response().putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("streamId", session.streamId()).put("pushes", pushes(session)).encode());
        }
    }

    private void removePush(RoutingContext ctx) {
        StreamSession session = authorizedStream(ctx);
        if (session == null) {
            return;
        }
        if (session.removePush(ctx.pathParam("pushId"))) {
            ctx.response().setStatusCode(204).end();
        } else {
            error(ctx, 404, "the stream has no push " + ctx.pathParam("pushId"));
        }
    }

    /** The stream's pushes as the API reports them: the ones asked for, and the node's prefix push. */
    static JsonArray pushes(StreamSession session) {
        JsonArray list = new JsonArray();
        for (Map.Entry<String, StreamPusher> e : session.pushes().entrySet()) {
            list.add(describe(e.getKey(), e.getValue()));
        }
        if (session.pusher() != null) {
            list.add(describe("prefix", session.pusher()).put("rule", "GB_PUSH_PREFIX"));
        }
        return list;
    }

    static JsonObject describe(String pushId, StreamPusher p) {
        return new JsonObject().put("pushId", pushId).put("url", p.url())
                .put("state", p.state().name().toLowerCase(java.util.Locale.ROOT))
                .put("framesPushed", p.pushed()).put("framesDropped", p.dropped())
                .put("bitrateKbps", p.bitrateKbps()).put("reconnects", p.reconnects())
                .put("watermark", p.transcodes()).put("error", p.error());
    }

    private void snapshot(RoutingContext ctx) {
        StreamSession session = authorizedStream(ctx);
        if (session == null) {
            return;
        }
        long wait;
        try {
            String w = ctx.request().getParam("waitMs");
            wait = w == null ? 5000 : Math.min(MAX_WAIT_MILLIS, Math.max(0, Long.parseLong(w)));
        } catch (NumberFormatException e) {
            error(ctx, 400, "waitMs must be a number of milliseconds");
            return;
        }
        awaitKeyFrame(ctx, session, System.currentTimeMillis() + wait);
    }

    private void awaitKeyFrame(RoutingContext ctx, StreamSession session, long until) {
        MediaFrame key = session.keyFrames().last();
        Vertx vertx = ctx.vertx();
        if (key == null) {
            if (System.currentTimeMillis() >= until || session.isClosed() || ctx.response().closed()) {
                error(ctx, 504, "no key frame of the stream yet");
            } else {
                vertx.setTimer(WAIT_STEP_MILLIS, t -> awaitKeyFrame(ctx, session, until));
            }
            return;
        }
        vertx.executeBlocking(() -> JpegSnapshot.encode(key), false).onComplete(ar -> {
            if (ar.succeeded()) {
                ctx.response().putHeader("Content-Type", "image/jpeg").putHeader("Cache-Control", "no-store")
                        .end(Buffer.buffer(ar.result()));
            } else {
                error(ctx, 502, "the key frame did not decode: " + ar.cause().getMessage());
            }
        });
    }

    private static void error(RoutingContext ctx, int status, String message) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
        }
    }
}
