package io.gbmesh.api.http;

import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The endpoints open without a token: {@code /health} (the process answers), {@code /ready} (the
 * database answers and, in a clustered Vert.x, the cluster is joined), {@code /metrics} (Prometheus),
 * the OpenAPI document at {@code /api/v1/openapi.json} and its browsable view at {@code /api/docs/}.
 * The document is open so that the documentation page can load it; it holds no data.
 */
final class OperationsRoutes {
    static final String OPENAPI_PATH = "/api/v1/openapi.json";
    private static final String SWAGGER_UI = "META-INF/resources/webjars/swagger-ui/";

    private final ApiServices s;
    private final Buffer openApi;

    OperationsRoutes(ApiServices services, Buffer openApi) {
        this.s = services;
        this.openApi = openApi;
    }

    void mount(Router root) {
        root.get("/health").handler(ctx -> ctx.json(new JsonObject().put("status", "UP")));
        root.get("/ready").handler(this::ready);
        root.get("/metrics").handler(s.metrics().scrapeHandler());
        root.get(OPENAPI_PATH).handler(ctx -> ctx.response().putHeader("content-type", "application/json")
                .putHeader("access-control-allow-origin", "*").end(openApi));
        // a route's path matches with and without a trailing slash: one route for both
        root.get("/api/docs").handler(ctx -> {
            if (ctx.request().path().endsWith("/")) {
                ctx.response().putHeader("content-type", "text/html; charset=utf-8").sendFile("docs/index.html");
            } else {
                ctx.redirect("/api/docs/");
            }
        });
        root.get("/api/docs/*").handler(StaticHandler.create(SWAGGER_UI + swaggerUiVersion()));
    }

    private void ready(RoutingContext ctx) {
        boolean clustered = s.vertx().isClustered();
        boolean joined = !clustered || VertxLoops.clusterManager(s.vertx()).isActive();
        Future<Void> database = s.database().ready();
        database.onComplete(ar -> {
            if (ar.succeeded() && joined) {
                ctx.json(new JsonObject().put("status", "READY").put("database", "UP")
                        .put("cluster", clustered ? "JOINED" : "LOCAL"));
            } else {
                ApiProblem.send(ctx, 503, ar.failed() ? "the database is unreachable: " + ar.cause().getMessage()
                        : "the cluster is not joined", null);
            }
        });
    }

    /** The webjar's version, from its Maven properties: the path its files live under. */
    static String swaggerUiVersion() {
        try (InputStream in = OperationsRoutes.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars/swagger-ui/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("the swagger-ui webjar is not on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
