package io.gbmesh.api.streams;

import io.gbmesh.api.http.ApiProblem;
import io.gbmesh.api.http.ApiRoutes;
import io.gbmesh.api.http.ApiServices;
import io.gbmesh.contracts.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;

/**
 * The live-video endpoints as a group of the API: behind bearer authentication, errors as problem
 * documents, and a device known to the database but not in the live registry answered 503 (offline)
 * rather than 404.
 */
public final class StreamApiRoutes implements ApiRoutes {
    /** A download's state, published (JSON, {@code downloadId} and its figures) at each report of its node: the MQTT events. */
    public static final String DOWNLOAD_EVENTS = "gb.api.download.events";
    private final StreamOrchestrator orchestrator;
    private final AsyncMap<String, String> catalogs;
    private final StableViewerUrls stableUrls;
    private final Downloads downloads;
    private final OrphanDownloads orphans;

    private StreamApiRoutes(StreamOrchestrator orchestrator, AsyncMap<String, String> catalogs, StableViewerUrls stableUrls,
                            Downloads downloads, OrphanDownloads orphans) {
        this.orchestrator = orchestrator;
        this.catalogs = catalogs;
        this.stableUrls = stableUrls;
        this.downloads = downloads;
        this.orphans = orphans;
        orchestrator.afterEachSweep(orphans::sweep);
    }

    /**
     * Starts the orchestrator (its consumers registered) and the watch over media nodes that moves
     * the streams of a lost one ({@link MediaNodeFailover}), opens the channel map the routes check, and
     * settles the downloads of a replica that is gone after each sweep of the starts ({@link OrphanDownloads}).
     */
    public static Future<StreamApiRoutes> start(Vertx vertx, StreamOrchestrator.StreamSettings settings) {
        return StreamOrchestrator.start(vertx, settings)
                .compose(o -> vertx.deployVerticle(new MediaNodeFailover(o, settings)).map(o))
                .compose(o -> vertx.sharedData().<String, String>getAsyncMap(Addresses.CHANNELS_MAP)
                        .compose(map -> Downloads.start(vertx, event -> vertx.eventBus().publish(DOWNLOAD_EVENTS, event), o::stop)
                                .map(d -> new StreamApiRoutes(o, map, new StableViewerUrls(o, settings.mediaUrls()), d,
                                        new OrphanDownloads(d, o.self(), o::members, o::stream, o::startUnderWay,
                                                event -> vertx.eventBus().publish(DOWNLOAD_EVENTS, event))))));
    }

    public StreamOrchestrator orchestrator() {
        return orchestrator;
    }

    @Override
    public void mount(Router v1, ApiServices services) {
        java.util.function.Function<String, Future<StreamRoutes.DeviceState>> deviceStates = deviceId -> services.registry()
                .get(deviceId).compose(live -> live.isPresent() ? Future.succeededFuture(StreamRoutes.DeviceState.ONLINE)
                        : services.devices().get(deviceId).map(row -> row.isPresent()
                                ? StreamRoutes.DeviceState.OFFLINE : StreamRoutes.DeviceState.UNKNOWN));
        orchestrator.registerMetrics(services.metrics());
        orphans.register(services.metrics());
        MediaNodeApi nodeApi = new MediaNodeApi(services.vertx(), orchestrator);
        io.gbmesh.api.store.PushRuleStore pushRules = new io.gbmesh.api.store.PushRuleStore(services.database().pool());
        AutoPush autoPush = new AutoPush(services.vertx(), orchestrator, nodeApi, pushRules, services.registry(), catalogs);
        new DistributionRoutes(orchestrator, nodeApi, pushRules, deviceStates, autoPush::round).mount(v1);
        autoPush.start(services.config().env().getInt("GB_AUTO_PUSH_INTERVAL_MS", 5000));
        // a failed start or control as the API's problem JSON, naming the step that failed
        java.util.function.BiConsumer<io.vertx.ext.web.RoutingContext, StreamFailure> problem = (ctx, failure) -> ctx.fail(
                failure.step() == null ? new ApiProblem(failure.status(), failure.getMessage())
                        : ApiProblem.startFailed(failure.status(), failure.getMessage(), failure.step().name()));
        StreamRoutes.of(services.vertx(), orchestrator, deviceStates, problem, catalogs).mount(v1, "");
        // recordings: RecordInfo, playback and its VCR control
        new RecordRoutes(services.vertx(), orchestrator, problem).mount(v1, "");
        stableUrls.mount(v1);
        new DownloadRoutes(orchestrator, downloads, problem).mount(v1, "");
    }
}
