package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceSubscriptions;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.GatewayPresence;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.SubscriptionsQuery;
import io.gbmesh.gateway.dialog.MediaSignalling;
import io.gbmesh.gateway.redirect.GatewayDirectory;
import io.gbmesh.gateway.redirect.Redirector;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.sip.SipLimits;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipEndpointOptions;
import io.gbmesh.sipstack.SipStats;
import io.gbmesh.sipstack.SipTimers;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The SIP gateway role: wires the SIP endpoint, the registrar, device messages, queries, liveness
 * and the event-bus query service together. Ready once its port is bound and its consumers are
 * registered cluster-wide.
 */
public final class GatewayVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayVerticle.class);
    /** How soon the online queue looks again after putting turns off for REGISTERs and keepalives. */
    private static final long ONLINE_QUEUE_RETRY_MILLIS = 5;

    private final GatewayConfig config;
    private final AuthGuard guard;
    private SipEndpoint endpoint;
    private DeviceRegistry registry;
    private DeviceQueryClient queries;
    private OnlineQueue<OwnedDevice> onlineQueue;
    private GatewayDirectory directory;
    private Subscriptions subscriptions;

    public GatewayVerticle(GatewayConfig config) {
        this.config = config;
        this.guard = new AuthGuard(config.auth(), config.nodeId());
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        if (config.auth().required() && config.password().isEmpty()) {
            // no open door by default: a gateway never accepts devices unauthenticated unless told so
            return Future.failedFuture(new IllegalStateException("no device password: set GB_SIP_PASSWORD (the same on every "
                    + "gateway node), or GB_SIP_AUTH=off to let devices without a password of their own register unauthenticated"));
        }
        SipEndpointOptions options = new SipEndpointOptions(config.host(), config.port(), config.listenMode(),
                config.advertisedHost(), SipLimits.DEFAULT, SipTimers.RFC3261.withTimeout(config.sipTimeoutMillis()), "gbmesh", config.sipBounds());
        Future<DeviceRegistry> registryReady = DeviceRegistry.open(vertx, config.nodeId(), config.heartbeatInterval(),
                config.heartbeatCount());
        Future<PasswordBook> passwordsReady = PasswordBook.open(vertx, config);
        Future<BanBoard> bansReady = BanBoard.open(vertx, guard);
        return Future.all(registryReady, passwordsReady, bansReady)
                .compose(v -> SipEndpoint.start(vertx, options, tx -> { }))
                .compose(ep -> {
                    endpoint = ep;
                    registry = registryReady.result();
                    return GatewayDirectory.open(vertx, this::presence, config.redirect().presenceMillis());
                })
                .compose(d -> {
                    directory = d;
                    return wire(passwordsReady.result(), bansReady.result());
                })
                .onSuccess(v -> LOG.info("SIP gateway {} listening on {}:{} ({}), advertised as {}, node {}",
                        config.sipId(), config.host(), endpoint.port(), config.listenMode(), config.advertisedHost(), config.nodeId()))
                .onSuccess(v -> {
                    if (!config.auth().required()) {
                        LOG.warn("SIP authentication is off (GB_SIP_AUTH=off): devices without a password of their own register unauthenticated");
                    }
                });
    }

    private Future<?> wire(PasswordBook passwords, BanBoard bans) {
        GatewayMetrics metrics = new GatewayMetrics(endpoint.stats());
        queries = new DeviceQueryClient(vertx, endpoint, config, metrics);
        DeviceService service = new DeviceService(queries, registry);
        OnlineSequence onlineSequence = new OnlineSequence(service, metrics);
        // a device's turn in the queue starts its subscriptions and its online queries, so that a
        // registration storm does not start them all at once
        onlineQueue = new OnlineQueue<>(config.queryConcurrency(), OwnedDevice::deviceId,
                device -> registry.owned(device.deviceId()) == device,
                device -> {
                    Future<Void> subscribed = subscriptions.deviceOnline(device);
                    Future<Void> asked = config.queryOnOnline() ? onlineSequence.run(device) : Future.succeededFuture();
                    return Future.join(subscribed, asked);
                }, () -> metrics.count("online.skipped"),
                // REGISTERs and keepalives first: no device's turn starts while some wait
                () -> endpoint.urgentWaiting() > 0, retry -> vertx.setTimer(ONLINE_QUEUE_RETRY_MILLIS, id -> retry.run()));
        endpoint.urgentRequests(UrgentRequests::urgent);
        // a REGISTER's header values are read where it is parsed, off the loop that handles every request
        endpoint.prepareRequests(r -> r.is("REGISTER") ? RegisterParts.of(r) : null);
        DigestRegisterAuthenticator authenticator = new DigestRegisterAuthenticator(config, guard, metrics::count, bans::post);
        vertx.setPeriodic(10_000, id -> authenticator.purge(System.currentTimeMillis()));
        subscriptions = new Subscriptions(vertx, endpoint, config, metrics);
        AlarmIntake alarms = new AlarmIntake(vertx, config.nodeId(), config.events(), metrics);
        registry.onRemoved(deviceId -> {
            subscriptions.deviceOffline(deviceId);
            alarms.forget(deviceId);
        });
        Registrar registrar = new Registrar(config, passwords, authenticator, registry, metrics,
                onlineQueue::offer, new Redirector(config.redirect(), config.nodeId(), directory::live));
        Confirmations confirmations = new Confirmations(config.events().alarmConfirmConcurrency(), 100_000,
                () -> metrics.count("alarm.confirmation.dropped"));
        DeviceMessages messages = new DeviceMessages(registry, queries, metrics, alarms, subscriptions, confirmations);
        if (config.events().catalogRefreshSeconds() > 0) {
            CatalogRefresh refresh = new CatalogRefresh(registry, service, metrics, config.events().catalogRefreshSeconds());
            refresh.tick(System.currentTimeMillis()); // the first round starts a period from now
            vertx.setPeriodic(1000, id -> refresh.tick(System.currentTimeMillis()));
        }
        MediaSignalling media = new MediaSignalling(vertx, endpoint, config.sipId(), config.nodeId(), registry,
                config.sipTimeoutMillis());
        messages.dialogDevices(media::deviceOfDialog);
        // recordings: RecordInfo queries, and a device's end of file published for the orchestrator
        messages.onMediaStatus((deviceId, callId, inDialog, status) -> vertx.eventBus().publish(Addresses.MEDIA_STATUS,
                new io.gbmesh.contracts.MediaStatusNotified(deviceId, status.deviceId(), status.notifyType(), System.currentTimeMillis(),
                        callId, inDialog)));
        OwnerRouter<?> records = QueryRouter.records(vertx.eventBus(), config.nodeId(), registry, new RecordQueries(queries, metrics),
                config.queryTimeoutMillis() + 2000);
        MessageConsumer<Object> sharedRecords = vertx.eventBus().consumer(Addresses.RECORD_QUERY, records::onShared);
        MessageConsumer<Object> nodeRecords = vertx.eventBus().consumer(Addresses.gatewayNodeRecords(config.nodeId()), records::onNode);
        endpoint.requestHandler(tx -> dispatch(tx, registrar, messages, media));
        // voice broadcast: the Broadcast notification, then the device's own INVITE for audio
        io.gbmesh.gateway.talk.TalkSignalling talk = new io.gbmesh.gateway.talk.TalkSignalling(vertx, endpoint, config.sipId(),
                config.nodeId(), registry, (device, channelId) -> queries.broadcast(device, channelId));
        media.talkRequests(talk::handle);

        LivenessMonitor liveness = new LivenessMonitor(registry, metrics);
        vertx.setPeriodic(config.livenessSweepMillis(), id -> liveness.sweepOwned());
        vertx.setPeriodic(60_000, id -> liveness.sweepOrphans());
        if (config.statsLogSeconds() > 0) {
            vertx.setPeriodic(config.statsLogSeconds() * 1000L, id -> LOG.info("stats: owned={} serverTx={} clientTx={} {}",
                    registry.ownedCount(), endpoint.serverTransactionCount(), endpoint.pendingClientTransactions(),
                    endpoint.stats().snapshot()));
        }

        OwnerRouter<?> router = QueryRouter.queries(vertx.eventBus(), config.nodeId(), registry, service,
                config.queryTimeoutMillis() + config.catalogTimeoutMillis());
        MessageConsumer<Object> shared = vertx.eventBus().consumer(Addresses.DEVICE_QUERY, router::onShared);
        MessageConsumer<Object> node = vertx.eventBus().consumer(Addresses.gatewayNodeQuery(config.nodeId()), router::onNode);
        // device control: PTZ, presets, device commands and DeviceConfig
        DeviceControlService control = new DeviceControlService(queries, registry, metrics, new PtzAutoStop(vertx));
        OwnerRouter<?> controls = QueryRouter.controls(vertx.eventBus(), config.nodeId(), registry, control,
                config.queryTimeoutMillis() + 2000);
        MessageConsumer<Object> sharedControl = vertx.eventBus().consumer(Addresses.DEVICE_CONTROL, controls::onShared);
        MessageConsumer<Object> nodeControl = vertx.eventBus().consumer(Addresses.gatewayNodeControl(config.nodeId()), controls::onNode);
        MessageConsumer<Object> subs = vertx.eventBus().consumer(Addresses.gatewaySubscriptions(config.nodeId()), m -> {
            if (m.body() instanceof SubscriptionsQuery q && DeviceIds.isValid(q.deviceId())) {
                m.reply(new DeviceSubscriptions(q.deviceId(), config.nodeId(), subscriptions.states(q.deviceId())));
            } else {
                m.fail(QueryFailure.BAD_REQUEST, "expected a SubscriptionsQuery with a 20-digit device ID");
            }
        });
        // device snapshots (2022): the SnapShotConfig out, the device's UploadSnapShotFinished in
        DeviceSnapshots snapshots = new DeviceSnapshots(queries, metrics, config.nodeId(), vertx.eventBus());
        messages.onSnapshotsFinished(snapshots::finished);
        OwnerRouter<?> snapshotRouter = new OwnerRouter<>(vertx.eventBus(), config.nodeId(), registry,
                io.gbmesh.contracts.SnapshotRequest.class, io.gbmesh.contracts.SnapshotRequest::deviceId,
                Addresses::gatewayNodeSnapshot, snapshots::request, config.queryTimeoutMillis() + 2000);
        MessageConsumer<Object> sharedSnapshots = vertx.eventBus().consumer(Addresses.SNAPSHOT_REQUEST, snapshotRouter::onShared);
        MessageConsumer<Object> nodeSnapshots = vertx.eventBus().consumer(Addresses.gatewayNodeSnapshot(config.nodeId()),
                snapshotRouter::onNode);
        Future<?> http = config.httpPort() < 0 ? Future.succeededFuture()
                : io.gbmesh.runtime.RoleHttp.start(vertx, config.host().equals("127.0.0.1") ? "127.0.0.1" : "0.0.0.0",
                        config.httpPort(), "gateway", () -> true, () -> endpoint.stats().snapshot(),
                        () -> java.util.Map.ofEntries(
                                java.util.Map.entry("devices_owned", registry.ownedCount()),
                                java.util.Map.entry("server_transactions", endpoint.serverTransactionCount()),
                                java.util.Map.entry("client_transactions", endpoint.pendingClientTransactions()),
                                java.util.Map.entry("online_queries_waiting", onlineQueue.waiting()),
                                java.util.Map.entry("online_queries_running", onlineQueue.running()),
                                java.util.Map.entry("online_queries_deferred", onlineQueue.deferrals()),
                                java.util.Map.entry("sip_urgent_waiting", endpoint.urgentWaiting()),
                                java.util.Map.entry("gateways_live", directory.live().size()),
                                java.util.Map.entry("auth_bans_active", guard.activeBans(System.currentTimeMillis())),
                                java.util.Map.entry("tcp_connections", endpoint.acceptedTcpConnections()),
                                java.util.Map.entry("subscriptions_active", subscriptions.activeCount()),
                                java.util.Map.entry("alarms_waiting", alarms.waiting()),
                                java.util.Map.entry("alarm_confirmations_waiting", confirmations.waiting())))
                .onSuccess(server -> LOG.info("gateway /health, /ready, /metrics on port {}", server.actualPort()));
        return Future.all(List.of(shared.completion(), node.completion(), sharedControl.completion(), nodeControl.completion(),
                subs.completion(), media.start(), http, sharedRecords.completion(), nodeRecords.completion(),
                talk.start(), sharedSnapshots.completion(), nodeSnapshots.completion()));
    }

    private static void dispatch(ServerTransaction tx, Registrar registrar, DeviceMessages messages, MediaSignalling media) {
        // what is logged while a request is handled names its device (as its From claims) and dialog
        MDC.put("deviceId", tx.request().from().user());
        MDC.put("callId", tx.request().callId());
        try {
            route(tx, registrar, messages, media);
        } finally {
            MDC.remove("deviceId");
            MDC.remove("callId");
        }
    }

    private static void route(ServerTransaction tx, Registrar registrar, DeviceMessages messages, MediaSignalling media) {
        switch (tx.request().method()) {
            case "REGISTER" -> registrar.handle(tx);
            case "MESSAGE", "NOTIFY" -> messages.handle(tx);
            case "ACK" -> { }
            case "INVITE", "BYE", "INFO" -> media.handle(tx);
            case "OPTIONS" -> tx.respond(SipResponse.to(tx.request(), 200, Branches.tag())
                    .header("Allow", "REGISTER, MESSAGE, INVITE, ACK, BYE, CANCEL, INFO, NOTIFY, SUBSCRIBE, OPTIONS").build());
            default -> tx.respond(SipResponse.to(tx.request(), 405, Branches.tag())
                    .header("Allow", "REGISTER, MESSAGE, NOTIFY, INVITE, ACK, BYE, INFO, OPTIONS").build());
        }
    }

    /** This node as the directory of live gateways shows it. */
    private GatewayPresence presence() {
        return new GatewayPresence(config.nodeId(), config.advertisedHost(), endpoint.port(),
                registry.ownedCount(), config.redirect().weight(), System.currentTimeMillis());
    }

    @Override
    public Future<?> stop() {
        if (endpoint == null) {
            return Future.succeededFuture();
        }
        // the devices hear that our subscriptions end (Expires: 0) before the endpoint closes, and no
        // device is redirected here once this node has left the directory
        Future<Void> ended = subscriptions == null ? Future.succeededFuture() : subscriptions.stop();
        Future<Void> left = directory == null ? Future.succeededFuture() : directory.close().otherwiseEmpty();
        return Future.join(ended, left).eventually(() -> endpoint.close());
    }

    /** The bound SIP port (useful when configured as 0). */
    public int sipPort() {
        return endpoint.port();
    }

    public SipStats stats() {
        return endpoint.stats();
    }

    public int ownedDevices() {
        return registry.ownedCount();
    }

    /** The devices this node serves and the cluster registry behind them. */
    public DeviceRegistry registry() {
        return registry;
    }

    /** Source addresses and device IDs refused for failed authentications right now. */
    public int activeAuthBans() {
        return guard.activeBans(System.currentTimeMillis());
    }

    public String nodeId() {
        return config.nodeId();
    }
}
