package io.gbmesh.simulator;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipHeaderNames;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.simulator.media.MediaSessions;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ListenMode;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipEndpoint;
import io.gbmesh.sipstack.SipEndpointOptions;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One simulated GB/T 28181 device (an IPC or a small NVR): registers with digest authentication and
 * re-registers before expiry, sends keepalives, registers again when the platform refuses them,
 * answers DeviceInfo, DeviceStatus, ConfigDownload and Catalog queries, serves INVITEs with
 * its PS file as RTP ({@link MediaSessions}), takes PTZ and device commands ({@link DeviceControls})
 * and reboots on TeleBoot, raises alarms (on demand, or every
 * {@link EventOptions#alarmEveryMillis()}) and reports positions, and honours (or refuses) the
 * platform's subscriptions ({@link SubscribedEvents}): while one is active, what it covers goes in a
 * NOTIFY of its dialog, otherwise in a MESSAGE as most cameras send it.
 */
public final class SimulatedDevice {
    private static final Logger LOG = LoggerFactory.getLogger(SimulatedDevice.class);

    private final Vertx vertx;
    private final SimulatorConfig config;
    private final String deviceId;
    private final DeviceReplies replies;
    /** The platform address the device is configured with (a redirect server, with GB/T 28181-2022). */
    private Peer home;
    /** The configured platform and its backups, in order ({@link #failover}); empty: only {@link #home}. */
    private java.util.List<Peer> platforms = java.util.List.of();
    private int platformIndex;
    /** How long a keepalive or REGISTER waits for its answer before it counts as unanswered; 0: the transaction's timeout. */
    private long answerWaitMillis;
    private long retryMillis = 5000;
    private final AtomicInteger platformSwitches = new AtomicInteger();
    /** Where it registers now: {@link #home}, or the gateway a {@code 302} named. */
    private Peer server;
    private boolean ignoreRedirects;
    private final AtomicInteger redirectsFollowed = new AtomicInteger();
    private final String callId = Branches.callId();
    private final String fromTag = Branches.tag();
    private SipEndpoint endpoint;
    private MediaSessions media;
    private long cseq = 1;
    private long keepaliveSn = 1;
    private long keepaliveTimer = -1;
    private long reRegisterTimer = -1;
    private boolean keepalivesPaused;
    private boolean registered;
    private boolean closed;
    private int keepaliveFailures;
    private final AtomicInteger registrations = new AtomicInteger();
    private final AtomicInteger keepalivesAccepted = new AtomicInteger();
    private final AtomicInteger keepalivesRefused = new AtomicInteger();
    private final AtomicInteger queriesAnswered = new AtomicInteger();
    private final AtomicInteger registrationsRefused = new AtomicInteger();
    private final AtomicInteger registrationsUnanswered = new AtomicInteger();
    private final AtomicInteger keepalivesUnanswered = new AtomicInteger();
    private final DeviceControls controls;
    private final AtomicInteger reboots = new AtomicInteger();
    private volatile long rebootMillis = 1000;
    private final AtomicInteger alarmsSent = new AtomicInteger();
    private final AtomicInteger alarmsConfirmed = new AtomicInteger();
    private final AtomicInteger notifiesSent = new AtomicInteger();
    private final SubscribedEvents subscriptions;
    private long alarmTimer = -1;
    private long positionTimer = -1;
    private long alarmSn = 1;
    private final io.gbmesh.simulator.talk.DeviceTalk talk;
    private final io.gbmesh.simulator.snapshot.DeviceSnapshots snapshots;

    SimulatedDevice(Vertx vertx, SimulatorConfig config, int index) {
        this.vertx = vertx;
        this.config = config;
        this.deviceId = config.deviceId(index);
        this.replies = new DeviceReplies(config, deviceId);
        this.home = new Peer(config.transport(), config.serverHost(), config.serverPort());
        this.server = home;
        this.controls = new DeviceControls(deviceId);
        this.subscriptions = new SubscribedEvents(deviceId, config.events());
        this.talk = new io.gbmesh.simulator.talk.DeviceTalk(vertx, deviceId, config.serverId(), config.domain(),
                config.localHost(), () -> endpoint, () -> server, this::sendMessage);
        this.snapshots = new io.gbmesh.simulator.snapshot.DeviceSnapshots(vertx, config.media().mediaFile(), this::sendMessage);
    }

    /** Binds the device's own SIP port, then registers; the future completes when the first registration is answered 200. */
    public Future<Void> start() {
        SipEndpointOptions options = SipEndpointOptions.of(config.localHost(), 0)
                .withMode(config.transport() == SipTransport.TCP ? ListenMode.TCP : ListenMode.UDP)
                .withUserAgent("IP Camera");
        return SipEndpoint.start(vertx, options, this::onRequest).compose(ep -> {
            endpoint = ep;
            media = new MediaSessions(vertx, ep, deviceId, config.localHost(), config.media());
            media.endOfFileHandler(this::endOfFile);
            media.replaySpan((start, end) -> replies.recordings.replaySpan(start, end));
            return register();
        }).onSuccess(v -> {
            if (config.events().alarmEveryMillis() > 0) {
                alarmTimer = vertx.setPeriodic(config.events().alarmEveryMillis(), id -> {
                    if (registered && !closed) {
                        raiseAlarm("1", "5", "2", "simulated motion");
                    }
                });
            }
        });
    }

    public String deviceId() {
        return deviceId;
    }

    public boolean registered() {
        return registered;
    }

    public int registrations() {
        return registrations.get();
    }

    public int keepalivesAccepted() {
        return keepalivesAccepted.get();
    }

    public int keepalivesRefused() {
        return keepalivesRefused.get();
    }

    public int queriesAnswered() {
        return queriesAnswered.get();
    }

    /** Registrations the platform answered with a final refusal (after the digest round, if any). */
    public int registrationsRefused() {
        return registrationsRefused.get();
    }

    /** Registrations that got no answer (timed out) or could not be sent. */
    public int registrationsUnanswered() {
        return registrationsUnanswered.get();
    }

    /** Keepalives that got no answer; {@link #keepalivesRefused()} counts these too. */
    public int keepalivesUnanswered() {
        return keepalivesUnanswered.get();
    }

    /** Stops sending keepalives, as a device that lost its uplink would (its registration stands). */
    public void pauseKeepalives() {
        keepalivesPaused = true;
    }

    public void resumeKeepalives() {
        keepalivesPaused = false;
    }

    /**
     * Behave as firmware before GB/T 28181-2022 does: a {@code 302} to a REGISTER is a refusal, and
     * the next attempt goes to the same address again.
     */
    public void ignoreRedirects(boolean ignore) {
        this.ignoreRedirects = ignore;
    }

    /** Where the device registers now (its configured platform, or where a redirect sent it). */
    public Peer registrar() {
        return server;
    }

    public int redirectsFollowed() {
        return redirectsFollowed.get();
    }

    /**
     * Behaves as a camera configured with backup platform addresses does when its gateway dies: a
     * keepalive or REGISTER not answered within {@code answerWaitMillis} counts as unanswered (the
     * SIP transaction may still run out its own timeout, its late answer is ignored); after
     * HeartBeatCount unanswered keepalives the device registers again at its configured platform (the
     * redirect server, which sends it to a live gateway, reference 7.2), retrying every
     * {@code answerWaitMillis}; and when that platform itself does not answer, the next of
     * {@code platforms} (the configured one first, then its backups, round robin) becomes the one
     * it registers with. {@code platforms} empty: only the configured platform.
     */
    public void failover(java.util.List<Peer> platforms, long answerWaitMillis) {
        if (answerWaitMillis <= 0) {
            throw new IllegalArgumentException("answer wait must be positive: " + answerWaitMillis);
        }
        this.platforms = java.util.List.copyOf(platforms);
        this.platformIndex = Math.max(0, this.platforms.indexOf(home));
        this.answerWaitMillis = answerWaitMillis;
        this.retryMillis = answerWaitMillis;
    }

    /** The platform the device registers with when it (re)starts: its configured one, or a backup after a failover. */
    public Peer platform() {
        return home;
    }

    /** Times the device gave up on its platform for the next configured one ({@link #failover}). */
    public int platformSwitches() {
        return platformSwitches.get();
    }

    /** A request in its own transaction, failed as unanswered after {@link #answerWaitMillis} when that is set. */
    private Future<SipResponse> ask(SipRequest request, Peer to) {
        Future<SipResponse> answer = endpoint.request(request, to);
        if (answerWaitMillis <= 0) {
            return answer;
        }
        io.vertx.core.Promise<SipResponse> within = io.vertx.core.Promise.promise();
        long timer = vertx.setTimer(answerWaitMillis, id -> within.tryFail(new io.gbmesh.sipstack.SipTimeoutException(
                request.method() + " to " + to + " unanswered after " + answerWaitMillis + " ms")));
        answer.onComplete(ar -> {
            vertx.cancelTimer(timer);
            if (ar.succeeded()) {
                within.tryComplete(ar.result());
            } else {
                within.tryFail(ar.cause());
            }
        });
        return within.future();
    }

    /**
     * REGISTER, answering a 401 with digest credentials and following a {@code 302} to the gateway
     * in its Contact; then keepalives and re-registration are scheduled. When a registration fails at
     * the gateway a redirect named, the next attempt starts again at the configured platform, which
     * may redirect elsewhere (reference 7.2).
     */
    public Future<Void> register() {
        return registerWith(config.expiresSeconds()).onSuccess(v -> {
            registered = true;
            keepaliveFailures = 0;
            registrations.incrementAndGet();
            scheduleKeepalive();
            vertx.cancelTimer(reRegisterTimer);
            long refreshIn = Math.max(1000, config.expiresSeconds() * 1000L * 2 / 3);
            reRegisterTimer = vertx.setTimer(refreshIn, id -> reRegister());
        }).onFailure(err -> {
            (err instanceof RegisterRefused ? registrationsRefused : registrationsUnanswered).incrementAndGet();
            if (!(err instanceof RegisterRefused) && server.equals(home) && platforms.size() > 1) {
                // the configured platform itself is gone: the next configured one is tried
                platformIndex = (platformIndex + 1) % platforms.size();
                home = platforms.get(platformIndex);
                platformSwitches.incrementAndGet();
            }
            server = home;
        });
    }

    /** REGISTER with Expires: 0. */
    public Future<Void> unregister() {
        vertx.cancelTimer(keepaliveTimer);
        vertx.cancelTimer(reRegisterTimer);
        return registerWith(0).onSuccess(v -> registered = false);
    }

    private Future<Void> registerWith(int expires) {
        return registerAt(server, expires, 0);
    }

    private Future<Void> registerAt(Peer at, int expires, int redirects) {
        return ask(registerRequest(expires, null), at).compose(response -> {
            if (response.statusCode() == 401) {
                String challenge = response.first(SipHeaderNames.WWW_AUTHENTICATE).orElse("");
                String authorization = replies.authorization(challenge, config.password(), requestUri().toString());
                return ask(registerRequest(expires, authorization), at);
            }
            return Future.succeededFuture(response);
        }).compose(response -> {
            if (response.isSuccess()) {
                return Future.<Void>succeededFuture();
            }
            Peer target = response.statusCode() == 302 && !ignoreRedirects && redirects < 3 ? redirectTarget(response) : null;
            if (target != null) {
                redirectsFollowed.incrementAndGet();
                server = target;
                return registerAt(target, expires, redirects + 1);
            }
            return Future.failedFuture(new RegisterRefused("REGISTER of " + deviceId + " answered " + response.statusCode() + " "
                    + response.reasonPhrase()));
        });
    }

    /** The gateway a 302's Contact names, reached over the device's own transport; null when unreadable. */
    private Peer redirectTarget(SipResponse response) {
        try {
            return response.contact()
                    .filter(c -> c.uri() != null && c.uri().port() > 0)
                    .map(c -> new Peer(config.transport(), c.uri().host(), c.uri().port()))
                    .orElse(null);
        } catch (io.gbmesh.protocol.sip.SipParseException e) {
            return null;
        }
    }

    /** The platform answered the REGISTER with a final non-2xx (as opposed to no answer at all). */
    private static final class RegisterRefused extends RuntimeException {
        RegisterRefused(String message) {
            super(message, null, false, false);
        }
    }

    private void reRegister() {
        if (closed) {
            return;
        }
        register().onFailure(err -> {
            LOG.debug("{} re-registration failed: {}", deviceId, err.getMessage());
            reRegisterTimer = vertx.setTimer(retryMillis, id -> reRegister());
        });
    }

    private SipRequest registerRequest(int expires, String authorization) {
        SipRequest.Builder b = SipRequest.builder("REGISTER", requestUri())
                .via(endpoint.newVia(config.transport()))
                .from(NameAddress.of(SipUri.of(deviceId, config.domain(), -1)).withTag(fromTag))
                .to(NameAddress.of(SipUri.of(deviceId, config.domain(), -1)))
                .callId(callId)
                .cseq(cseq++, "REGISTER")
                .contact(NameAddress.of(SipUri.of(deviceId, endpoint.advertisedHost(), endpoint.port())));
        if (authorization != null) {
            b.header(SipHeaderNames.AUTHORIZATION, authorization);
        }
        return b.header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.USER_AGENT, "IP Camera")
                .header(SipHeaderNames.EXPIRES, expires)
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .build();
    }

    private SipUri requestUri() {
        return SipUri.of(config.serverId(), config.domain(), -1);
    }

    private void scheduleKeepalive() {
        vertx.cancelTimer(keepaliveTimer);
        Integer configured = controls.heartBeatInterval();
        int seconds = configured != null && configured > 0 ? configured : config.keepaliveIntervalSeconds();
        keepaliveTimer = vertx.setPeriodic(seconds * 1000L, id -> keepalive());
    }

    private void keepalive() {
        if (keepalivesPaused || closed || !registered) {
            return;
        }
        sendMessage(replies.keepalive(keepaliveSn++)).onComplete(ar -> {
            if (ar.succeeded() && ar.result().isSuccess()) {
                keepaliveFailures = 0;
                keepalivesAccepted.incrementAndGet();
                return;
            }
            keepalivesRefused.incrementAndGet();
            boolean refused = ar.succeeded();
            if (!refused) {
                keepalivesUnanswered.incrementAndGet();
            }
            if (refused || ++keepaliveFailures >= config.heartbeatCount()) {
                // the platform does not know us (it restarted) or is unreachable: register again, from
                // the configured platform if a redirect had sent us elsewhere
                registered = false;
                server = home;
                vertx.cancelTimer(keepaliveTimer);
                reRegister();
            }
        });
    }

    /**
     * Tells the platform that channels changed (GB/T 28181 catalog notification): each channel of
     * this device named with its event (ON, OFF, VLOST, DEFECT, ADD, DEL, UPDATE).
     */
    public Future<Integer> notifyCatalog(java.util.Map<String, String> eventByChannelId, String newChannelName) {
        return sendEvent("catalog", replies.catalogNotify(keepaliveSn++, eventByChannelId, newChannelName));
    }

    /**
     * Raises an alarm of the device itself (GB/T 28181-2016 §9.4): priority 1..4, method 1..7, type as
     * the method defines; in a NOTIFY when the platform subscribed to alarms, else a MESSAGE. The status
     * the platform answered.
     */
    public Future<Integer> raiseAlarm(String priority, String method, String type, String description) {
        alarmsSent.incrementAndGet();
        return sendEvent("alarm", replies.alarm(alarmSn++, priority, method, type, description));
    }

    /** Reports a position (§9.11.2): in a NOTIFY of the position subscription, else a MESSAGE. */
    public Future<Integer> reportPosition(double longitude, double latitude, double speed, double direction) {
        return sendEvent("position", replies.position(keepaliveSn++, longitude, latitude, speed, direction));
    }

    private Future<Integer> sendEvent(String kind, byte[] body) {
        SubscribedEvents.Dialog dialog = subscriptions.active(kind);
        if (dialog == null) {
            return sendMessage(body).map(SipResponse::statusCode);
        }
        notifiesSent.incrementAndGet();
        SipRequest notify = subscriptions.notify(dialog, SipUri.of(config.serverId(), config.serverHost(), config.serverPort()),
                endpoint.newVia(config.transport()), config.domain(), body);
        return endpoint.request(notify, server).map(SipResponse::statusCode);
    }

    /** Alarms raised (on demand or by {@link EventOptions#alarmEveryMillis()}). */
    public int alarmsSent() {
        return alarmsSent.get();
    }

    /** The platform's Response Alarm confirmations received (§9.4.2). */
    public int alarmsConfirmed() {
        return alarmsConfirmed.get();
    }

    /** NOTIFYs sent in a subscription's dialog. */
    public int notifiesSent() {
        return notifiesSent.get();
    }

    /** The kinds the platform holds a live subscription of: {@code catalog}, {@code alarm}, {@code position}. */
    public java.util.Set<String> subscribedKinds() {
        return subscriptions.kinds();
    }

    /** SUBSCRIBEs received (refused ones included), refreshes, and unsubscriptions ({@code Expires: 0}). */
    public int subscribesReceived() {
        return subscriptions.subscribesReceived();
    }

    public int subscriptionRefreshes() {
        return subscriptions.refreshes();
    }

    public int unsubscribes() {
        return subscriptions.unsubscribes();
    }

    private void onSubscribe(ServerTransaction tx) {
        String kind = subscriptions.onSubscribe(tx);
        if ("position".equals(kind) && positionTimer < 0 && config.events().mobile()) {
            int interval = subscriptions.active("position").interval();
            positionTimer = vertx.setPeriodic(interval * 1000L, id -> {
                if (subscriptions.active("position") == null) {
                    vertx.cancelTimer(positionTimer);
                    positionTimer = -1;
                } else if (registered && !closed) {
                    double t = System.currentTimeMillis() / 1000.0;
                    reportPosition(116.397 + 0.001 * Math.sin(t / 60), 39.916 + 0.001 * Math.cos(t / 60), 30, 90);
                }
            });
        }
    }

    /** The IDs of this device's channels, in catalog order. */
    public java.util.List<String> channelIds() {
        return replies.channels().stream().map(c -> c.deviceId()).toList();
    }

    /** A MESSAGE from this device to the platform with a MANSCDP body. */
    private Future<SipResponse> sendMessage(byte[] body) {
        return sendMessage(body, Branches.callId());
    }

    private Future<SipResponse> sendMessage(byte[] body, String callId) {
        SipUri to = SipUri.of(config.serverId(), config.domain(), -1);
        return sendMessage(body, callId, NameAddress.of(SipUri.of(deviceId, config.domain(), -1)).withTag(Branches.tag()),
                NameAddress.of(to));
    }

    private Future<SipResponse> sendMessage(byte[] body, String callId, NameAddress from, NameAddress toParty) {
        SipUri to = SipUri.of(config.serverId(), config.domain(), -1);
        SipRequest message = SipRequest.builder("MESSAGE", to)
                .via(endpoint.newVia(config.transport()))
                .from(from)
                .to(toParty)
                .callId(callId)
                .cseq(cseq++, "MESSAGE")
                .header(SipHeaderNames.MAX_FORWARDS, 70)
                .header(SipHeaderNames.USER_AGENT, "IP Camera")
                .header(SipHeaderNames.CONTENT_LENGTH, 0)
                .body("Application/MANSCDP+xml", body)
                .build();
        return ask(message, server);
    }

    private void onRequest(ServerTransaction tx) {
        SipRequest request = tx.request();
        switch (request.method()) {
            case "MESSAGE" -> onMessage(tx);
            case "SUBSCRIBE" -> onSubscribe(tx);
            case "INVITE", "ACK", "BYE", "INFO" -> {
                if (!(request.is("BYE") && talk.onBye(tx))) {
                    media.handle(tx);
                }
            }
            default -> tx.respond(SipResponse.to(request, 501, Branches.tag()).build());
        }
    }

    private void onMessage(ServerTransaction tx) {
        if (io.gbmesh.simulator.talk.DeviceTalk.isBroadcast(tx.request().body())) {
            talk.onBroadcast(tx);
            return;
        }
        java.util.Optional<io.gbmesh.protocol.manscdp.ManscdpSnapshots.Config> snapshot =
                io.gbmesh.simulator.snapshot.DeviceSnapshots.config(tx.request().body());
        if (snapshot.isPresent()) {
            snapshots.onConfig(tx, snapshot.get());
            return;
        }
        DeviceControls.Reaction reaction;
        try {
            reaction = controls.react(io.gbmesh.protocol.manscdp.ManscdpCodec.parse(tx.request().body()));
        } catch (RuntimeException e) {
            reaction = null; // the answers below refuse a body they cannot read
        }
        if (reaction != null) {
            onControl(tx, reaction);
            return;
        }
        java.util.List<byte[]> answers;
        try {
            answers = replies.answer(tx.request().body());
        } catch (RuntimeException e) {
            tx.respond(SipResponse.to(tx.request(), 400, Branches.tag()).reason("Bad MANSCDP body").build());
            return;
        }
        tx.respond(SipResponse.to(tx.request(), 200, Branches.tag()).build());
        if (DeviceReplies.isAlarmConfirmation(tx.request().body())) {
            alarmsConfirmed.incrementAndGet();
            return;
        }
        queriesAnswered.incrementAndGet();
        Future<SipResponse> chain = Future.succeededFuture();
        for (byte[] answer : answers) {
            chain = chain.compose(r -> sendMessage(answer));
        }
    }

    /** A control or PTZ query: answered, its Responses sent in order, and a TeleBoot restarts the device. */
    private void onControl(ServerTransaction tx, DeviceControls.Reaction reaction) {
        SipResponse.Builder answer = SipResponse.to(tx.request(), reaction.status(), Branches.tag());
        if (reaction.reason() != null) {
            answer.reason(reaction.reason());
        }
        tx.respond(answer.build());
        queriesAnswered.incrementAndGet();
        Future<SipResponse> chain = Future.succeededFuture();
        for (byte[] response : reaction.responses()) {
            chain = chain.compose(r -> sendMessage(response));
        }
        if (reaction.reboot()) {
            vertx.setTimer(50, id -> reboot());
        }
        if (controls.heartBeatInterval() != null && registered) {
            scheduleKeepalive(); // a DeviceConfig changed the heartbeat: the device follows it at once
        }
    }

    /**
     * Restarts as a device that announces it (TeleBoot, A.2.3.1.3): unregisters, stays away
     * {@link #rebootMillis(long)}, then registers again; its dome and presets stay as they were.
     */
    public Future<Void> reboot() {
        reboots.incrementAndGet();
        return unregister().recover(err -> Future.succeededFuture()).compose(v -> {
            io.vertx.core.Promise<Void> back = io.vertx.core.Promise.promise();
            vertx.setTimer(Math.max(1, rebootMillis), id -> register().onComplete(back));
            return back.future();
        });
    }

    /** How long a reboot keeps the device away (default one second). */
    public void rebootMillis(long millis) {
        rebootMillis = millis;
    }

    public int reboots() {
        return reboots.get();
    }

    /** The device's PTZ, presets, guard, recording and other controlled state, and its failure options. */
    public DeviceControls controls() {
        return controls;
    }

    public Future<Void> close() {
        closed = true;
        vertx.cancelTimer(alarmTimer);
        vertx.cancelTimer(positionTimer);
        vertx.cancelTimer(keepaliveTimer);
        vertx.cancelTimer(reRegisterTimer);
        if (endpoint == null) {
            return Future.succeededFuture();
        }
        return Future.join(media.closeAll(), endpoint.close()).mapEmpty();
    }

    /** The channels' recordings: how they lie and how RecordInfo is answered. */
    public Recordings recordings() {
        return replies.recordings;
    }

    private long mediaStatusSn = 1;
    private final AtomicInteger mediaStatusSent = new AtomicInteger();

    /** Whether MediaStatus 121 goes in the stream's INVITE dialog (its Call-ID), as most cameras send it. */
    private volatile boolean mediaStatusInDialog = true;

    private volatile boolean mediaStatusFromDevice;

    /** An in-dialog MediaStatus 121 names the device's own ID in From (true) instead of the channel (false, the default). */
    public void mediaStatusFromDevice(boolean fromDevice) {
        this.mediaStatusFromDevice = fromDevice;
    }

    /** Sends MediaStatus 121 in the stream's INVITE dialog (true, the default) or out of any dialog. */
    public void mediaStatusInDialog(boolean inDialog) {
        this.mediaStatusInDialog = inDialog;
    }

    /** How many times each MediaStatus 121 is sent (many cameras send it more than once). */
    private volatile int mediaStatusCopies = 1;

    /** Sends each MediaStatus 121 {@code copies} times in a row, as cameras that repeat it do. */
    public void mediaStatusCopies(int copies) {
        this.mediaStatusCopies = Math.max(1, copies);
    }

    /** A replayed range reached its end: MediaStatus 121 for the channel (GB/T 28181-2016 A.2.5.5). */
    private void endOfFile(String channelId, String callId) {
        if (closed) {
            return;
        }
        mediaStatusSent.incrementAndGet();
        // in the dialog: its Call-ID and both its tags, as a request inside an INVITE dialog carries (RFC 3261
        // §12.2.1.1); From is the device's party of the dialog, the channel the INVITE was sent to, as
        // cameras write it (or, mediaStatusFromDevice, the device's own ID with the dialog's tag)
        NameAddress[] parties = mediaStatusInDialog ? media.dialogParties(callId) : null;
        for (int i = 0; i < mediaStatusCopies; i++) {
            byte[] body = io.gbmesh.protocol.manscdp.ManscdpRecords.mediaStatusEndOfFile(mediaStatusSn++, channelId);
            if (parties != null) {
                NameAddress from = mediaStatusFromDevice
                        ? NameAddress.of(SipUri.of(deviceId, config.domain(), -1)).withTag(parties[0].tag().orElse(Branches.tag()))
                        : parties[0];
                sendMessage(body, callId, from, parties[1]);
            } else {
                sendMessage(body, mediaStatusInDialog ? callId : Branches.callId());
            }
        }
    }

    /** MediaStatus end-of-file notifications sent (each counted once, however many copies went). */
    public int mediaStatusSent() {
        return mediaStatusSent.get();
    }

    /** The device's media streams: their Call-IDs, packets sent, and BYE from the device. */
    /** Voice broadcast: how this device asks for the audio and where it writes what it receives. */
    public io.gbmesh.simulator.talk.DeviceTalk talk() {
        return talk;
    }

    /** GB/T 28181-2022 snapshots: the pictures this device uploads and what the platform answered. */
    public io.gbmesh.simulator.snapshot.DeviceSnapshots snapshots() {
        return snapshots;
    }

    public MediaSessions media() {
        return media;
    }

    public int localPort() {
        return endpoint.port();
    }
}
