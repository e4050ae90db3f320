package io.gbmesh.media;

import io.gbmesh.media.flv.ViewerChannel;
import io.gbmesh.media.ingest.SharedUdpPort;
import io.gbmesh.protocol.media.Codec;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The media node's HTTP side: {@code GET /live/{streamId}.flv} (HTTP-FLV, chunked, one
 * {@link io.gbmesh.media.flv.FlvFanOut} per stream), {@code GET /api/streams} (the node's streams
 * with their counters, JSON) and {@code GET /health}.
 *
 * <p>Browser players (the API's console, any page) fetch the FLV from another origin than the page's,
 * so the live path answers CORS: any origin may read it, and a preflight (a player that sends a
 * {@code Range} header) is answered too. The stream ID is the only secret, as with any HTTP-FLV server.
 */
final class MediaHttpApi {

    /** A viewer this far behind is dropped (see {@link io.gbmesh.media.flv.FlvFanOut}). */
    static final int VIEWER_QUEUE_BYTES = 4 * 1024 * 1024;

    private final MediaNodeVerticle node;

    MediaHttpApi(MediaNodeVerticle node) {
        this.node = node;
    }

    Router router(Vertx vertx) {
        Router router = Router.router(vertx);
        router.get("/health").handler(ctx -> json(ctx, new JsonObject().put("status", "UP").put("node", node.nodeId())));
        router.get("/api/streams").handler(ctx -> onNode(ctx, () -> streams().encode(), "application/json"));
        router.get("/ready").handler(ctx -> json(ctx, new JsonObject().put("status", "READY").put("node", node.nodeId())));
        router.get("/metrics").handler(ctx -> onNode(ctx, this::metrics, "text/plain; version=0.0.4; charset=utf-8"));
        router.get("/live/:file").handler(this::live);
        router.options("/live/:file").handler(MediaHttpApi::preflight);
        return router;
    }

    /**
     * Reads the node's tables on its context (this server runs on one of the shards), then answers
     * on the connection's context.
     */
    private void onNode(RoutingContext ctx, java.util.function.Supplier<String> body, String contentType) {
        ContextInternal connection = (ContextInternal) ctx.vertx().getOrCreateContext();
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
        if (!file.endsWith(".flv")) {
            ctx.response().setStatusCode(404).end("only .flv is served here");
            return;
        }
        StreamSession session = node.session(file.substring(0, file.length() - 4));
        if (session == null) {
            ctx.response().setStatusCode(404).end("no such stream on this node");
            return;
        }
        if (session.codec() != Codec.UNKNOWN && session.codec() != Codec.H264) {
            ctx.response().setStatusCode(415).end("HTTP-FLV carries H.264; this stream is " + session.codec());
            return;
        }
        HttpServerResponse response = ctx.response();
        response.setChunked(true)
                .putHeader("Content-Type", "video/x-flv")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Access-Control-Allow-Origin", "*")
                .setWriteQueueMaxSize(VIEWER_QUEUE_BYTES);
        // The stream's fan-out runs on its shard; the connection's writes are made on the
        // connection's own context, in order (Vert.x does not keep a buffer shared between
        // viewers intact when it is written from another thread).
        ContextInternal connection = (ContextInternal) ctx.vertx().getOrCreateContext();
        java.util.concurrent.atomic.AtomicLong handedOver = new java.util.concurrent.atomic.AtomicLong();
        ViewerChannel viewer = new ViewerChannel() {
            @Override
            public boolean writeQueueFull() {
                // What waits for the connection's context counts too: that queue is not bounded.
                return handedOver.get() > VIEWER_QUEUE_BYTES || response.writeQueueFull();
            }

            @Override
            public void write(Buffer data) {
                if (connection.inThread()) {
                    response.write(data);
                } else {
                    int length = data.length();
                    handedOver.addAndGet(length);
                    connection.execute(data, d -> {
                        handedOver.addAndGet(-length);
                        response.write(d);
                    });
                }
            }

            @Override
            public void close() {
                connection.execute(v -> {
                    if (!response.ended() && !response.closed()) {
                        response.end();
                    }
                });
            }
        };
        response.closeHandler(v -> session.removeViewer(viewer));
        response.exceptionHandler(err -> session.removeViewer(viewer));
        session.addViewer(viewer);
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

    /** Prometheus text: RTP packets, bytes, loss and frames of the streams running now (gauges: they fall when a stream ends), and the node's load. */
    private String metrics() {
        long packets = 0, bytes = 0, lost = 0, late = 0, foreign = 0, frames = 0, viewers = 0;
        for (StreamSession s : node.sessions()) {
            io.gbmesh.contracts.StreamStats st = s.stats();
            packets += st.packets();
            bytes += st.bytes();
            lost += st.lost();
            late += st.late();
            foreign += st.foreignSsrcDropped();
            frames += st.frames();
            viewers += st.viewers();
        }
        java.util.Map<String, Number> gauges = new java.util.HashMap<>(java.util.Map.of("rtp_packets", packets, "rtp_bytes", bytes,
                "rtp_lost", lost, "rtp_late", late, "rtp_foreign_ssrc_dropped", foreign, "frames", frames));
        gauges.putAll(java.util.Map.of("streams_active", node.sessions().size(), "viewers", viewers, "rtp_ports_free", node.freePorts()));
        return io.gbmesh.runtime.PrometheusText.render("media", java.util.Map.of(), gauges);
    }

    private JsonObject streams() {
        JsonArray list = new JsonArray();
        for (StreamSession s : node.sessions()) {
            list.add(new JsonObject()
                    .put("streamId", s.streamId())
                    .put("deviceId", s.open().deviceId())
                    .put("channelId", s.open().channelId())
                    .put("kind", String.valueOf(s.open().kind()))
                    .put("transport", s.transport().name())
                    .put("port", s.port())
                    .put("sharedPort", s.sharedPort())
                    .put("offeredSsrc", s.open().ssrc())
                    .put("started", s.isStarted())
                    .put("codec", s.codec().name())
                    .put("width", s.width())
                    .put("height", s.height())
                    .put("malformedPackets", s.malformedPackets())
                    .put("droppedViewers", s.viewers().droppedViewers())
                    .put("connectionErrors", s.ingest() == null ? 0 : s.ingest().connectionErrors())
                    .put("stats", JsonObject.mapFrom(s.stats()))
                    .put("idleMillis", s.idleMillis(System.nanoTime() / 1_000_000))
                    .put("flv", node.httpBaseUrl() + "/live/" + s.streamId() + ".flv")
                    .put("push", s.pusher() == null ? null : new JsonObject().put("url", s.pusher().url())
                            .put("framesPushed", s.pusher().pushed()).put("framesDropped", s.pusher().dropped())
                            .put("error", s.pusher().error())));
        }
        JsonObject body = new JsonObject().put("node", node.nodeId()).put("freePorts", node.freePorts())
                .put("portsSkipped", node.ports().skipped()).put("streams", list);
        SharedUdpPort shared = node.sharedPort();
        if (shared != null) {
            body.put("sharedPort", new JsonObject().put("port", shared.port())
                    .put("unknownSsrcDropped", shared.unknownSsrcDropped()));
        }
        return body;
    }

    private static void json(RoutingContext ctx, JsonObject body) {
        ctx.response().putHeader("Content-Type", "application/json").end(body.encode());
    }
}
