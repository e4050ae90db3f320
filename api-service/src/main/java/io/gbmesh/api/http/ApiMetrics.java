package io.gbmesh.api.http;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The metrics {@code /metrics} exports in the Prometheus text format.
 *
 * <p>When the Vert.x instance was built with {@link #vertxOptions()} (vertx-micrometer-metrics with the
 * Prometheus backend), its registry is used, and with it everything Vert.x measures: HTTP server and
 * client, event bus, pools. Otherwise the service keeps a Prometheus registry of its own with the JVM's
 * figures. In both cases the API times every request itself ({@value #HTTP_REQUESTS}, by method, the
 * matched route's template and status) and adds what other parts register through {@link #registry()} — the event
 * ingest's counters, and later the gateway's.
 */
public final class ApiMetrics {
    static final String HTTP_REQUESTS = "gbmesh.api.http.requests";
    /** Where a router records the template of the route that answered (the routing context's data). */
    private static final String ROUTE_TEMPLATE = "gbmesh.metrics.route";

    private final PrometheusMeterRegistry registry;
    private final boolean vertxMetrics;
    private final List<Meter> owned = new ArrayList<>();

    private ApiMetrics(PrometheusMeterRegistry registry, boolean vertxMetrics) {
        this.registry = registry;
        this.vertxMetrics = vertxMetrics;
    }

    /** The options that make a Vert.x instance measure itself into a Prometheus registry this class finds. */
    public static MicrometerMetricsOptions vertxOptions() {
        return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
                .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true));
    }

    public static ApiMetrics of(Vertx vertx) {
        if (vertx.isMetricsEnabled() && BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry shared) {
            return new ApiMetrics(shared, true);
        }
        PrometheusMeterRegistry own = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(own);
        new JvmThreadMetrics().bindTo(own);
        new ProcessorMetrics().bindTo(own);
        new UptimeMetrics().bindTo(own);
        return new ApiMetrics(own, false);
    }

    /** Where counters and gauges are registered to appear on {@code /metrics}. */
    public MeterRegistry registry() {
        return registry;
    }

    /** True when Vert.x' own metrics are in the registry too. */
    public boolean vertxMetrics() {
        return vertxMetrics;
    }

    /** A counter read from {@code source}, removed again by {@link #close()}. */
    public <T> void functionCounter(String name, String help, T source, ToDoubleFunction<T> f) {
        owned.add(FunctionCounter.builder(name, source, f).description(help).register(registry));
    }

    public void gauge(String name, String help, Supplier<Number> f) {
        owned.add(Gauge.builder(name, f).description(help).register(registry));
    }

    /** First handler of the router: times the request once its response is sent. */
    Handler<RoutingContext> requestTimer() {
        return ctx -> {
            long start = System.nanoTime();
            ctx.addEndHandler(ar -> Timer.builder(HTTP_REQUESTS)
                    .description("HTTP requests of the API, by method, route and status")
                    .tag("method", ctx.request().method().name())
                    .tag("route", route(ctx.get(ROUTE_TEMPLATE, template(ctx)), ctx.response().getStatusCode()))
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
            ctx.next();
        };
    }

    /**
     * First handler of a sub-router: when the response goes out, records the template of the route
     * answering it there (its mount point and path, e.g. {@code /api/v1/devices/:deviceId}), which
     * the root's timer then uses as the label.
     */
    Handler<RoutingContext> routeRecorder() {
        return ctx -> {
            ctx.addHeadersEndHandler(v -> {
                String template = template(ctx);
                if (template != null) {
                    ctx.put(ROUTE_TEMPLATE, template);
                }
            });
            ctx.next();
        };
    }

    /** The template of the route the context is at, or null for one without a path (auth, failure, catch-all). */
    private static String template(RoutingContext ctx) {
        Route route = ctx.currentRoute();
        String path = route == null ? null : route.getPath();
        if (path == null) {
            return null;
        }
        String mount = ctx.mountPoint();
        return mount == null || mount.equals("/") ? path : mount.replaceAll("/$", "") + path;
    }

    /**
     * The label of a request: the template of the route that answered it (code, never the raw path,
     * so an attacker cannot add series by inventing paths), {@code other} when no route with a path
     * answered. Refused requests (400, 401, 403, 404, 405, 413...) are all {@code other} too.
     */
    static String route(String template, int status) {
        boolean refused = status >= 400 && status < 500 && status != 409;
        return template == null || refused ? "other" : template;
    }

    Handler<RoutingContext> scrapeHandler() {
        return PrometheusScrapingHandler.create(registry);
    }

    /** Removes the meters this instance registered (the registry may outlive the verticle). */
    public void close() {
        owned.forEach(registry::remove);
        owned.clear();
    }
}
