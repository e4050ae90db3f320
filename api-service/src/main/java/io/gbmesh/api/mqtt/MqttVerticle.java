package io.gbmesh.api.mqtt;

import io.gbmesh.api.auth.TokenGrant;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.runtime.RegistryReader;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT 3.1.1 face of the mesh: clients log in with an API token as password, subscribe to what
 * happens on the event bus ({@link EventTopics}) and send {@link Commands} to
 * {@code gb/cmd/{clientId}/{requestId}}, answered on {@code gb/reply/{clientId}/{requestId}} to that
 * client only ({@link CommandIntake}). What a client may do follows its token and client ID
 * ({@link ClientRights}, {@link ClientSessions}).
 *
 * <p>It is a publisher, not a general broker: clients' publishes to other topics are acknowledged and
 * discarded, and wills are not published. Subscriptions are granted at QoS 0 or 1 (2 is granted as 1).
 *
 * <p>Each replica of the API service runs one and consumes the published events itself, so its
 * clients see every event once. Retained statuses live in memory; at start they are rebuilt from the
 * cluster registry (every registered device is online) and from {@link OfflineDevices} (the devices
 * the database has offline), so a restarted replica still gives a late subscriber the current status
 * ({@link StartStatuses}). Deploy one instance per JVM: instances do not share clients.
 */
public final class MqttVerticle extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MqttVerticle.class);
    private static final List<String> EVENT_ADDRESSES = List.of(Addresses.DEVICE_ONLINE, Addresses.DEVICE_OFFLINE,
            Addresses.DEVICE_INFO, Addresses.DEVICE_CATALOG, Addresses.STREAM_STARTED, Addresses.STREAM_STALLED,
            Addresses.STREAM_STOPPED, Addresses.DEVICE_ALARM, Addresses.DEVICE_POSITION);
    /** Room for the topic and packet id beside the largest payload in a PUBLISH. */
    private static final int HEADER_ALLOWANCE = 1024;

    private final MqttConfig config;
    private final TokenVerifier verifier;
    private final OfflineDevices offlineDevices;
    private final MqttCounters counters = new MqttCounters();
    private final RetainedMessages retained = new RetainedMessages();
    private final ClientSessions sessions = new ClientSessions();
    private final List<MessageConsumer<MeshMessage>> consumers = new ArrayList<>();
    private MqttServer server;
    private Commands commands;
    private MqttBridge bridge;
    private int pendingLogins;
    // reads the commands field when a command comes: it is set once the registry is open
    private final CommandIntake intake;

    public MqttVerticle(MqttConfig config, TokenVerifier verifier) {
        this(config, verifier, OfflineDevices.NONE);
    }

    public MqttVerticle(MqttConfig config, TokenVerifier verifier, OfflineDevices offlineDevices) {
        this.config = config;
        this.verifier = verifier;
        this.offlineDevices = offlineDevices;
        this.intake = new CommandIntake(payload -> commands.handle(payload), config.maxPayloadBytes(), counters,
                (clientId, reply) -> {
                    ClientSession s = sessions.get(clientId);
                    if (s != null) {
                        s.deliver(reply, MqttQoS.AT_LEAST_ONCE);
                    }
                });
    }

    @Override
    public Future<?> start() {
        MeshCodec.register(vertx.eventBus());
        List<Future<Void>> registered = new ArrayList<>();
        for (String address : EVENT_ADDRESSES) {
            MessageConsumer<MeshMessage> c = vertx.eventBus().consumer(address, m -> onEvent(m.body()));
            consumers.add(c);
            registered.add(c.completion());
        }
        MessageConsumer<Object> downloads = vertx.eventBus().consumer(io.gbmesh.api.streams.StreamApiRoutes.DOWNLOAD_EVENTS,
                m -> onDownload(m.body()));
        registered.add(downloads.completion());
        MessageConsumer<Object> snapshots = vertx.eventBus().consumer(io.gbmesh.api.snapshots.SnapshotRoutes.SNAPSHOT_EVENTS,
                m -> onSnapshots(m.body()));
        registered.add(snapshots.completion());
        return Future.all(registered)
                .compose(v -> RegistryReader.open(vertx))
                .compose(registry -> {
                    commands = new Commands(vertx, registry, config.commandTimeoutMillis());
                    return registry.entries();
                })
                .compose(entries -> {
                    StartStatuses.fromRegistry(retained, entries);
                    return loadOfflineDevices();
                })
                .compose(offline -> {
                    StartStatuses.fromDatabase(retained, offline);
                    MqttServerOptions options = new MqttServerOptions().setHost(config.host()).setPort(config.port())
                            .setMaxMessageSize(config.maxPayloadBytes() + HEADER_ALLOWANCE);
                    server = MqttServer.create(vertx, options).endpointHandler(this::onConnect)
                            .exceptionHandler(err -> LOG.debug("MQTT connection error: {}", err.getMessage()));
                    return server.listen();
                })
                .onSuccess(s -> {
                    if (config.bridge() != null) {
                        Supplier<Iterable<Publication>> snapshot = retained::all;
                        bridge = new MqttBridge(vertx, config.bridge(), snapshot, counters);
                        bridge.start();
                    }
                    LOG.info("MQTT endpoint on {}:{}, {} retained statuses from the registry and the database", config.host(),
                            server.actualPort(), retained.size());
                });
    }

    /** The port the endpoint listens on (the chosen one when configured with 0). */
    public int port() {
        return server.actualPort();
    }

    public MqttCounters counters() {
        return counters;
    }

    /** How many topics have a retained message, read on the verticle's own thread. */
    Future<Integer> retainedCount() {
        Promise<Integer> count = Promise.promise();
        context.runOnContext(v -> count.complete(retained.size()));
        return count.future();
    }

    /** Whether the bridge to the external broker is connected now (false without a bridge). */
    public boolean bridgeConnected() {
        return bridge != null && bridge.isConnected();
    }

    /**
     * The database's offline devices, or none when it cannot say: the endpoint starts anyway, and
     * those devices have no retained status until their next event.
     */
    private Future<List<DeviceOffline>> loadOfflineDevices() {
        Future<List<DeviceOffline>> loaded;
        try {
            loaded = offlineDevices.load();
        } catch (RuntimeException e) {
            loaded = Future.failedFuture(e);
        }
        // the store's future may complete on its pool's thread: come back to this verticle's
        Promise<List<DeviceOffline>> here = Promise.promise();
        loaded.onComplete(ar -> context.runOnContext(v -> {
            if (ar.failed()) {
                LOG.warn("no offline statuses from the database at start: {}", ar.cause().getMessage());
                here.complete(List.of());
            } else {
                here.complete(ar.result());
            }
        }));
        return here.future();
    }

    /** A download's state (JSON with its {@code downloadId}) to {@code gb/downloads/{id}}, not retained. */
    private void onDownload(Object body) {
        if (body instanceof io.vertx.core.json.JsonObject json && TopicFilter.isValidLevel(json.getString("downloadId"))) {
            Publication p = Publication.of("gb/downloads/" + json.getString("downloadId"), json.encode(), false);
            deliver(p);
            if (bridge != null) {
                bridge.publish(p);
            }
        }
    }

    /** A device's snapshot session finished: {@code gb/devices/{deviceId}/snapshots}, not retained. */
    private void onSnapshots(Object body) {
        if (body instanceof io.vertx.core.json.JsonObject json && TopicFilter.isValidLevel(json.getString("deviceId"))) {
            Publication p = Publication.of("gb/devices/" + json.getString("deviceId") + "/snapshots", json.encode(), false);
            deliver(p);
            if (bridge != null) {
                bridge.publish(p);
            }
        }
    }

    private void onEvent(MeshMessage event) {
        List<Publication> publications;
        try {
            publications = EventTopics.of(event, onlineAlready(event));
        } catch (RuntimeException e) {
            LOG.warn("cannot publish {} over MQTT: {}", event.getClass().getSimpleName(), e.getMessage());
            return;
        }
        for (Publication p : publications) {
            if (p.retained()) {
                retained.put(p);
            }
            deliver(p);
            if (bridge != null) {
                bridge.publish(p);
            }
        }
    }

    private boolean onlineAlready(MeshMessage event) {
        if (event instanceof DeviceOnline online && online.deviceId() != null) {
            Publication known = retained.get(EventTopics.statusTopic(online.deviceId()));
            return known != null && EventTopics.ONLINE.equals(new JsonObject(known.payload()).getString("status"));
        }
        return false;
    }

    private void deliver(Publication p) {
        for (ClientSession s : sessions.all()) {
            s.deliver(p, MqttQoS.AT_LEAST_ONCE);
        }
    }

    private void onConnect(MqttEndpoint endpoint) {
        int version = endpoint.protocolVersion();
        if (version != MqttVersion.MQTT_3_1.protocolLevel() && version != MqttVersion.MQTT_3_1_1.protocolLevel()) {
            endpoint.reject(version == MqttVersion.MQTT_5.protocolLevel()
                    ? MqttConnectReturnCode.CONNECTION_REFUSED_UNSUPPORTED_PROTOCOL_VERSION
                    : MqttConnectReturnCode.CONNECTION_REFUSED_UNACCEPTABLE_PROTOCOL_VERSION);
            return;
        }
        String token = endpoint.auth() == null ? null : endpoint.auth().getPassword();
        if (token == null || token.isEmpty()) {
            counters.refusedLogins.incrementAndGet();
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
            return;
        }
        // logins still being verified count against the limit, so a burst cannot overshoot it
        if (sessions.size() + pendingLogins >= config.maxClients()) {
            counters.refusedFull.incrementAndGet();
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            return;
        }
        pendingLogins++;
        // the client may hang up while its token is being checked; it is then not accepted
        boolean[] gone = {false};
        endpoint.closeHandler(v -> gone[0] = true);
        Future<Optional<TokenGrant>> verdict;
        try {
            verdict = verifier.verify(token);
        } catch (RuntimeException e) {
            verdict = Future.failedFuture(e);
        }
        // the verifier's future may complete on another verticle's thread (its database pool's): come back
        verdict.onComplete(ar -> context.runOnContext(v -> {
            pendingLogins--;
            if (gone[0]) {
                return;
            }
            if (ar.failed()) {
                LOG.warn("cannot verify the token of MQTT client {}: {}", endpoint.clientIdentifier(),
                        ar.cause().getMessage());
                endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE);
            } else if (ar.result() == null || ar.result().isEmpty()) {
                counters.refusedLogins.incrementAndGet();
                endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            } else {
                accept(endpoint, new ClientRights(endpoint.clientIdentifier(), ar.result().get()));
            }
        }));
    }

    private void accept(MqttEndpoint endpoint, ClientRights rights) {
        if (!sessions.mayAdmit(rights)) {
            counters.refusedTakeovers.incrementAndGet();
            endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_IDENTIFIER_REJECTED);
            return;
        }
        ClientSession session = new ClientSession(endpoint, rights, config.clientQueueSize(), counters);
        // MQTT 3.1.1 section 3.1.4: a second connection with the same client ID takes over the first
        ClientSession previous = sessions.put(session);
        if (previous != null) {
            previous.closed();
            closeQuietly(previous.endpoint);
        }
        endpoint.subscriptionAutoAck(false);
        endpoint.publishAutoAck(true);
        endpoint.autoKeepAlive(true);
        endpoint.subscribeHandler(msg -> onSubscribe(session, msg));
        endpoint.unsubscribeHandler(msg -> {
            msg.topics().forEach(session::unsubscribe);
            endpoint.unsubscribeAcknowledge(msg.messageId());
        });
        endpoint.publishHandler(msg -> intake.onPublish(session, msg.topicName(), msg.payload()));
        endpoint.publishAcknowledgeHandler(session::acknowledged);
        endpoint.closeHandler(v -> {
            session.closed();
            if (sessions.remove(session)) {
                counters.connected.decrementAndGet();
            }
        });
        endpoint.exceptionHandler(err -> LOG.debug("MQTT client {}: {}", session.clientId(), err.getMessage()));
        counters.connections.incrementAndGet();
        if (previous == null) {
            counters.connected.incrementAndGet();
        }
        endpoint.accept(false);
    }

    private void onSubscribe(ClientSession session, MqttSubscribeMessage msg) {
        List<MqttQoS> granted = new ArrayList<>();
        List<String> accepted = new ArrayList<>();
        for (MqttTopicSubscription s : msg.topicSubscriptions()) {
            String filter = s.topicName();
            MqttQoS qos = s.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
            if (TopicFilter.isValidFilter(filter) && session.subscribe(filter, qos, config.maxSubscriptionsPerClient())) {
                granted.add(qos);
                accepted.add(filter);
            } else {
                granted.add(MqttQoS.FAILURE);
            }
        }
        session.endpoint.subscribeAcknowledge(msg.messageId(), granted);
        for (int i = 0, a = 0; i < granted.size(); i++) {
            if (granted.get(i) != MqttQoS.FAILURE) {
                String filter = accepted.get(a++);
                for (Publication p : retained.matching(filter)) {
                    session.deliverRetained(p, granted.get(i));
                }
            }
        }
    }

    /** Closes a connection that may be closing already (the endpoint then throws). */
    private static void closeQuietly(MqttEndpoint endpoint) {
        try {
            endpoint.close();
        } catch (IllegalStateException | IllegalArgumentException alreadyClosed) {
            // nothing left to close
        }
    }

    @Override
    public Future<?> stop() {
        List<Future<?>> closing = new ArrayList<>();
        consumers.forEach(c -> closing.add(c.unregister()));
        if (bridge != null) {
            closing.add(bridge.stop());
        }
        for (ClientSession s : sessions.removeAll()) {
            s.closed();
            closeQuietly(s.endpoint);
        }
        counters.connected.set(0);
        if (server != null) {
            closing.add(server.close());
        }
        return Future.join(closing);
    }
}
