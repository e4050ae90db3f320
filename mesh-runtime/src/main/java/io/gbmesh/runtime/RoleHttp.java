package io.gbmesh.runtime;

import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The operational endpoints of a role that has no HTTP API of its own: {@code /health} (alive),
 * {@code /ready} (started and, when clustered, the cluster joined) and {@code /metrics}
 * (Prometheus text of the role's counters).
 */
public final class RoleHttp {
    private RoleHttp() {
    }

    public static Future<HttpServer> start(Vertx vertx, String host, int port, String role, Supplier<Boolean> started,
                                           Supplier<Map<String, Long>> counters, Supplier<Map<String, Number>> gauges) {
        return vertx.createHttpServer().requestHandler(req -> {
            switch (req.path()) {
                case "/health" -> req.response().putHeader("content-type", "application/json").end("{\"status\":\"UP\"}");
                case "/ready" -> {
                    boolean clusterOk = !vertx.isClustered() || VertxLoops.clusterManager(vertx).isActive();
                    boolean ready = started.get() && clusterOk;
                    req.response().setStatusCode(ready ? 200 : 503).putHeader("content-type", "application/json")
                            .end("{\"status\":\"" + (ready ? "READY" : "NOT_READY") + "\"}");
                }
                case "/metrics" -> req.response().putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                        .end(PrometheusText.render(role, counters.get(), gauges.get()));
                default -> req.response().setStatusCode(404).end();
            }
        }).listen(port, host);
    }
}
