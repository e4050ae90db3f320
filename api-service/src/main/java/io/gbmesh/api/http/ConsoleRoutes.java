package io.gbmesh.api.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The web console at {@code /console/} (and {@code /}, which sends the browser there): static pages
 * that call the API with the token the user enters and play live video from the media nodes. The
 * pages hold no data, so they are served without a token; every call they make carries one.
 */
final class ConsoleRoutes {
    static final String PATH = "/console/";
    private static final String RESOURCES = "console";

    void mount(Router root) {
        root.get("/").handler(ctx -> ctx.redirect(PATH));
        // a route's path matches with and without a trailing slash: one route for both
        root.get("/console").handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                ctx.response().putHeader("content-type", "text/html; charset=utf-8")
                        .putHeader("cache-control", "no-cache").sendFile(RESOURCES + "/index.html");
            } else {
                ctx.redirect(PATH);
            }
        });
        // no long-lived caching: after an upgrade the browser must load the new console
        root.get("/console/*").handler(StaticHandler.create(RESOURCES).setCachingEnabled(false));
    }
}
