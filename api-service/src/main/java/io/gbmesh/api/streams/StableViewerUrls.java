package io.gbmesh.api.streams;

import io.gbmesh.api.http.ApiProblem;
import io.gbmesh.runtime.MediaUrlToken;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The viewer URL that outlives a media node: {@code GET /api/v1/streams/{id}/live.flv} (and
 * {@code live.mp4}) answers {@code 302} to the stream's URL on the node that serves it now, with a
 * fresh media token, so that a player that reconnects there after its node died is sent to the node
 * the stream was moved to ({@link MediaNodeFailover}). The stream's own media token
 * ({@code ?token=}, as the API hands out in {@code urls.stableFlv}) opens it without a bearer
 * token, as a player cannot send headers; without one, the usual bearer authentication applies.
 */
final class StableViewerUrls {
    private final StreamOrchestrator orchestrator;
    private final MediaUrlToken tokens;

    StableViewerUrls(StreamOrchestrator orchestrator, MediaUrlToken tokens) {
        this.orchestrator = orchestrator;
        this.tokens = tokens;
    }

    /** The path of the stable URL of a stream, below the API's base. */
    static String path(String streamId, String extension) {
        return "/api/v1/streams/" + streamId + "/live." + extension;
    }

    void mount(Router v1) {
        for (String ext : new String[] {"flv", "mp4"}) {
            String path = "/streams/:streamId/live." + ext;
            // before the bearer check: a media token of the stream opens it on its own
            v1.get(path).order(-1).handler(ctx -> {
                String token = ctx.queryParams().get("token");
                if (token == null) {
                    ctx.next();
                    return;
                }
                MediaUrlToken.Check check = tokens.check(token, MediaUrlToken.LIVE, ctx.pathParam("streamId"),
                        System.currentTimeMillis());
                if (check != MediaUrlToken.Check.VALID) {
                    ctx.fail(new ApiProblem(403, "the media token does not open this stream (" + check.name().toLowerCase(java.util.Locale.ROOT) + ")"));
                    return;
                }
                redirect(ctx, ext);
            });
            v1.get(path).handler(ctx -> redirect(ctx, ext));
        }
    }

    private void redirect(RoutingContext ctx, String ext) {
        String streamId = ctx.pathParam("streamId");
        orchestrator.stream(streamId).onSuccess(s -> {
            if (s == null) {
                ctx.fail(new ApiProblem(404, "no stream " + streamId));
                return;
            }
            String target = tokens.signUrl(s.viewerUrl(ext), s.streamId(), System.currentTimeMillis());
            ctx.response().setStatusCode(302).putHeader("location", target).putHeader("cache-control", "no-store").end();
        }).onFailure(ctx::fail);
    }
}
