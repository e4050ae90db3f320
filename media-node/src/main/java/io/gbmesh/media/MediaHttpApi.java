package io.gbmesh.media;

import io.gbmesh.media.viewer.ViewerFormat;
import io.gbmesh.protocol.media.Codec;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * The media node's HTTP side: {@code GET /live/{streamId}.flv?token=...} and {@code .mp4} (HTTP-FLV
 * and fragmented MP4, chunked, one fan-out per format a stream's viewers ask, see {@link ViewerFormat};
 * with {@code &audio=aac} a G.711 stream's audio comes as AAC), {@code GET /live/{streamId}/index.m3u8}
 * (HLS, {@link HlsHttp}), {@code GET /api/streams} (the node's streams
 * with their counters, JSON; bearer token of the node-api scope), and the open {@code /health},
 * {@code /ready} and {@code /metrics} (probes and scraping).
 *
 * <p>Nothing the node serves is public: a viewer URL carries the token the API signed for that
 * stream ({@link ViewerAdmission}). Browser players (the API's console, any page) fetch the FLV from
 * another origin than the page's, so the live path answers CORS, refusals included (so that a player
 * can tell a 401 from a network error), and a preflight (a player that sends a {@code Range} header)
 * is answered too.
 */
final class MediaHttpApi {

    private final MediaNodeVerticle node;
    private final ViewerAdmission admission;
    private final NodeReport report;
    private final HlsHttp hls;

    MediaHttpApi(MediaNodeVerticle node, ViewerAdmission admission) {
        this.node = node;
        this.admission = admission;
        this.report = new NodeReport(node, admission);
        this.hls = new HlsHttp(node, admission);
    }

    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> json(ctx, new JsonObject().put("status", "UP").put("node", node.nodeId())));
        router.get("/api/streams").handler(this::streams);
        router.get("/ready").handler(ctx -> json(ctx, new JsonObject().put("status", "READY").put("node", node.nodeId())));
        router.get("/metrics").handler(ctx -> onNode(ctx, report::metrics, "text/plain; version=0.0.4; charset=utf-8"));
        router.get("/live/:file").handler(this::live);
        router.options("/live/:file").handler(MediaHttpApi::preflight);
        router.get("/live/:stream/:file").handler(hls::serve);
        router.options("/live/:stream/:file").handler(MediaHttpApi::preflight);
        router.get("/api/v1/talks/:talkId/audio").handler(ctx -> node.talks().audioSocket(ctx));
        new DistributionRoutes(node, admission).mount(router);
        router.get("/downloads/:file").handler(this::download);
        router.options("/downloads/:file").handler(MediaHttpApi::preflight);
        return router;
    }

    private void streams(RoutingContext ctx) {
        if (!admission.checkApi(ctx.request().getHeader("Authorization"), System.currentTimeMillis())) {
            ctx.response().setStatusCode(401).putHeader("WWW-Authenticate", "Bearer realm=\"gbmesh-media\"")
                    .end("a bearer token of the node-api scope for this node is needed (signed with GB_MEDIA_URL_SECRET)");
            return;
        }
        onNode(ctx, () -> report.streams().encode(), "application/json");
    }

    /**
     * Reads the node's tables on its context (this server runs on one of the shards), then answers
     * on the connection's context.
     */
    private void onNode(RoutingContext ctx, Supplier<String> body, String contentType) {
        Context connection = ctx.vertx().getOrCreateContext();
        node.onNode(() -> {
            String text;
            try {
                text = body.get();
            } catch (RuntimeException e) {
                connection.runOnContext(v -> ctx.fail(e));
                return;
            }
            connection.runOnContext(v -> ctx.response().putHeader("Content-Type", contentType).end(text));
        });
    }

    private void live(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        int dot = file.lastIndexOf('.');
        ViewerFormat format = dot < 0 ? null : ViewerFormat.ofExtension(file.substring(dot + 1));
        if (format == null) {
            refuse(ctx, 404, "a live URL ends in .flv or .mp4");
            return;
        }
        String streamId = file.substring(0, dot);
        // The token first: without one, nobody learns even whether a stream exists.
        ViewerAdmission.Refusal unauthorized = admission.checkViewer(streamId, ctx.request().getParam("token"),
                System.currentTimeMillis());
        if (unauthorized != null) {
            refuse(ctx, unauthorized.status(), unauthorized.message());
            return;
        }
        StreamSession session = node.session(streamId);
        if (session == null) {
            refuse(ctx, 404, "no such stream on this node");
            return;
        }
        if (session.codec() != Codec.UNKNOWN && !format.carries(session.codec())) {
            refuse(ctx, 415, format.extension() + " does not carry this stream's " + session.codec());
            return;
        }
        String audio = ctx.request().getParam("audio");
        if (audio != null && !audio.equals("aac")) {
            refuse(ctx, 400, "audio=" + audio + " is not offered: audio=aac asks for the audio as AAC, the codec browsers play");
            return;
        }
        ViewerAdmission.Outcome place = admission.admit(session.admittedViewers());
        if (place instanceof ViewerAdmission.Refusal full) {
            refuse(ctx, full.status(), full.message());
            return;
        }
        HttpViewer.serve(ctx.response(), ctx.vertx().getOrCreateContext(), session, format,
                "aac".equals(audio), (ViewerAdmission.Ticket) place);
    }

    /**
     * {@code GET /downloads/{streamId}.mp4?token=...}: a download's file (written so far, or whole),
     * {@code video/mp4}, with HTTP {@code Range} (one range) answered 206; the token is the one the
     * API signs for the stream.
     */
    private void download(RoutingContext ctx) {
        String file = ctx.pathParam("file");
        String streamId = file.endsWith(".mp4") ? file.substring(0, file.length() - 4) : null;
        java.nio.file.Path path = node.downloadFile(streamId);
        if (path == null) {
            refuse(ctx, 404, "a download URL is /downloads/<streamId>.mp4");
            return;
        }
        ViewerAdmission.Refusal unauthorized = admission.checkViewer(streamId, ctx.request().getParam("token"),
                System.currentTimeMillis());
        if (unauthorized != null) {
            refuse(ctx, unauthorized.status(), unauthorized.message());
            return;
        }
        ctx.vertx().fileSystem().props(path.toString()).onFailure(err -> refuse(ctx, 404, "no file for this download yet"))
                .onSuccess(props -> {
                    long size = props.size();
                    long[] range = ByteRange.parse(ctx.request().getHeader("Range"), size);
                    var response = ctx.response().putHeader("Content-Type", "video/mp4").putHeader("Accept-Ranges", "bytes")
                            .putHeader("Access-Control-Allow-Origin", "*")
                            .putHeader("Content-Disposition", "attachment; filename=\"" + streamId + ".mp4\"");
                    if (range == null) {
                        response.putHeader("Content-Range", "bytes */" + size);
                        refuse(ctx, 416, "the range asked is not within the file's " + size + " bytes");
                        return;
                    }
                    if (range.length == 2) {
                        response.setStatusCode(206).putHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
                        response.sendFile(path.toString(), range[0], range[1] - range[0] + 1);
                    } else {
                        response.sendFile(path.toString());
                    }
                });
    }

    static void refuse(RoutingContext ctx, int status, String message) {
        ctx.response().setStatusCode(status).putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Content-Type", "text/plain; charset=utf-8").end(message);
    }

    private static void preflight(RoutingContext ctx) {
        String asked = ctx.request().getHeader("Access-Control-Request-Headers");
        ctx.response().setStatusCode(204)
                .putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Access-Control-Allow-Methods", "GET, OPTIONS")
                .putHeader("Access-Control-Allow-Headers", asked == null || asked.isBlank() ? "Range" : asked)
                .putHeader("Access-Control-Max-Age", "600")
                .end();
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
