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
import java.util.regex.Pattern;

/**
 * The metrics {@code /metrics} exports in the Prometheus text format.
 *
 * <p>When the Vert.x instance was built with {@link #vertxOptions()} (vertx-micrometer-metrics with the
 * Prometheus backend), its registry is used, and with it everything Vert.x measures: HTTP server and
 * client, event bus, pools. Otherwise the service keeps a Prometheus registry of its own with the JVM's
 * figures. In both cases the API times every request itself ({@value #HTTP_REQUESTS}, by method, route
 * template and status) and adds what other parts register through {@link #registry()} — the event
 * ingest's counters, and later the gateway's.
 */
public final class ApiMetrics {
    static final String HTTP_REQUESTS = "gbmesh.api.http.requests";
    private static final Pattern DEVICE_ID = Pattern.compile("(?<=/)\\d{20}(?=/|$)");
    private static final Pattern NUMBER = Pattern.compile("(?<=/tokens/)\\d+(?=/|$)");
    private static final List<String> KNOWN_PREFIXES = List.of("/api/v1/", "/health", "/ready", "/metrics", "/api/docs");

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
                    .tag("route", route(ctx.request().path(), ctx.response().getStatusCode()))
                    .tag("status", Integer.toString(ctx.response().getStatusCode()))
                    .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
            ctx.next();
        };
    }

    /**
     * The path with its IDs replaced by placeholders, so that the label has few values. Refused
     * requests (400, 401, 403, 404, 405, 413...) may name any path, so they are all {@code other}.
     */
    static String route(String path, int status) {
        boolean refused = status >= 400 && status < 500 && status != 409;
        if (path == null || refused || KNOWN_PREFIXES.stream().noneMatch(path::startsWith)) {
            return "other";
        }
        if (path.startsWith("/api/docs")) {
            return "/api/docs";
        }
        String template = NUMBER.matcher(DEVICE_ID.matcher(path).replaceAll("{deviceId}")).replaceAll("{tokenId}");
        return template.length() > 120 ? "other" : template;
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
