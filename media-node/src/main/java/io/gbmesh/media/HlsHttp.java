package io.gbmesh.media;

import io.gbmesh.media.hls.HlsSegmenter;
import io.gbmesh.protocol.media.Codec;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * HLS over HTTP: {@code GET /live/{streamId}/index.m3u8?token=...} (the media playlist), and the
 * {@code init-N.mp4} and {@code seg-N.m4s} it lists, each URI carrying the same token, which every
 * request shows as an FLV viewer's does ({@link ViewerAdmission#checkViewer}). The first playlist
 * request of a stream starts its {@link HlsSegmenter} and is answered once the first segment is ready
 * (at the next key frame, or after {@link #FIRST_SEGMENT_WAIT_MILLIS} with no segment listed); it stops
 * when nobody has read it for its idle time. Every answer is readable from any origin.
 */
final class HlsHttp {

    /** How long the first playlist request waits for a segment before it is answered without one. */
    static final long FIRST_SEGMENT_WAIT_MILLIS = 5000;
    static final String PLAYLIST = "index.m3u8";

    private final MediaNodeVerticle node;
    private final ViewerAdmission admission;

    HlsHttp(MediaNodeVerticle node, ViewerAdmission admission) {
        this.node = node;
        this.admission = admission;
    }

    void serve(RoutingContext ctx) {
        String streamId = ctx.pathParam("stream");
        String file = ctx.pathParam("file");
        String token = ctx.request().getParam("token");
        ViewerAdmission.Refusal unauthorized = admission.checkViewer(streamId, token, System.currentTimeMillis());
        if (unauthorized != null) {
            MediaHttpApi.refuse(ctx, unauthorized.status(), unauthorized.message());
            return;
        }
        StreamSession session = node.session(streamId);
        if (session == null) {
            MediaHttpApi.refuse(ctx, 404, "no such stream on this node");
            return;
        }
        String client = ctx.request().remoteAddress().hostAddress() + " " + ctx.request().getHeader("User-Agent");
        if (file.equals(PLAYLIST)) {
            playlist(ctx, session, client, "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            return;
        }
        HlsSegmenter hls = session.hls(false);
        byte[] body = hls == null ? null : part(hls, file);
        if (body == null) {
            MediaHttpApi.refuse(ctx, 404, hls == null ? "this stream's HLS is not running: read " + PLAYLIST + " first"
                    : "no such part of this stream's HLS (segments are kept for "
                    + HlsSegmenter.WINDOW + " segments)");
            return;
        }
        hls.read(client);
        ctx.response().putHeader("Content-Type", "video/mp4").putHeader("Access-Control-Allow-Origin", "*")
                .putHeader("Cache-Control", "max-age=60").end(Buffer.buffer(body));
    }

    private void playlist(RoutingContext ctx, StreamSession session, String client, String query) {
        Codec codec = session.codec();
        if (codec != Codec.UNKNOWN && codec != Codec.H264 && codec != Codec.H265) {
            MediaHttpApi.refuse(ctx, 415, "HLS does not carry this stream's " + codec);
            return;
        }
        HlsSegmenter hls = session.hls(true);
        if (hls == null) {
            MediaHttpApi.refuse(ctx, 404, "the stream has ended");
            return;
        }
        hls.read(client);
        Context connection = ctx.vertx().getOrCreateContext();
        AtomicBoolean answered = new AtomicBoolean();
        Runnable answer = () -> connection.runOnContext(v -> {
            if (answered.compareAndSet(false, true) && !ctx.response().ended() && !ctx.response().closed()) {
                ctx.response().putHeader("Content-Type", "application/vnd.apple.mpegurl")
                        .putHeader("Access-Control-Allow-Origin", "*").putHeader("Cache-Control", "no-cache")
                        .end(hls.playlist(query));
            }
        });
        hls.whenReady(answer);
        if (!answered.get()) {
            connection.owner().setTimer(FIRST_SEGMENT_WAIT_MILLIS, t -> answer.run());
        }
    }

    /** {@code init-N.mp4} or {@code seg-N.m4s}, or null. */
    private static byte[] part(HlsSegmenter hls, String file) {
        try {
            if (file.startsWith("init-") && file.endsWith(".mp4")) {
                return hls.init(Integer.parseInt(file.substring(5, file.length() - 4)));
            }
            if (file.startsWith("seg-") && file.endsWith(".m4s")) {
                return hls.segment(Long.parseLong(file.substring(4, file.length() - 4)));
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return null;
    }
}
