package io.gbmesh.gateway.dialog;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;

/**
 * The gateway's media signalling (reference 4.4, 6.8): {@link io.gbmesh.contracts.InviteRequest}s on
 * {@link Addresses#INVITE} become INVITE dialogs with devices, {@link io.gbmesh.contracts.CloseStream}s
 * on {@link Addresses#BYE} end them with BYE, and a device's BYE publishes
 * {@link io.gbmesh.contracts.DialogEnded}. Any node takes a request and routes it to the node owning
 * the device (for an INVITE) or holding the dialog (for a close), through per-node addresses
 * {@code gb.gateway.<node>.invite} and {@code gb.gateway.<node>.bye}.
 * Created and used on the gateway's event loop.
 */
public final class MediaSignalling {
    private final MediaDialogs dialogs = new MediaDialogs();
    private final DialogClient client;
    private final DialogRouter router;
    private final DeviceDialogRequests deviceRequests;
    private final PlaybackControls controls;

    private final Vertx vertx;
    private final String nodeId;
    private final StreamOwners owners;
    /** Requests about talks (the device's own INVITE, BYE of a talk), tried before the media dialogs; true when taken. */
    private java.util.function.Predicate<ServerTransaction> talkRequests = tx -> false;

    /** @param inviteTimeoutMillis how long an INVITE may take at most (the SIP transaction timeout) */
    public MediaSignalling(Vertx vertx, SipEndpoint endpoint, String serverId, String nodeId, DeviceRegistry registry,
                           long inviteTimeoutMillis) {
        this.vertx = vertx;
        this.nodeId = nodeId;
        this.owners = new StreamOwners(vertx);
        this.client = new DialogClient(endpoint, serverId, nodeId, dialogs, owners, registry::owned);
        this.router = new DialogRouter(vertx.eventBus(), nodeId, registry, owners, client, inviteTimeoutMillis + 5000);
        this.deviceRequests = new DeviceDialogRequests(dialogs, owners, vertx.eventBus(), nodeId, endpoint.stats(),
                registry::owned);
        endpoint.strayResponseHandler(client::onStrayResponse);
        this.controls = new PlaybackControls(endpoint, serverId, nodeId, dialogs, owners, registry::owned, vertx.eventBus(),
                inviteTimeoutMillis);
    }

    /** Registers the event-bus consumers; ready when they are registered cluster-wide and the dialog map is open. */
    public Future<Void> start() {
        EventBus bus = vertx.eventBus();
        MessageConsumer<Object> invite = bus.consumer(Addresses.INVITE, router::onSharedInvite);
        MessageConsumer<Object> nodeInvite = bus.consumer(DialogRouter.nodeInvite(nodeId), router::onNodeInvite);
        MessageConsumer<Object> bye = bus.consumer(Addresses.BYE, router::onSharedClose);
        MessageConsumer<Object> nodeBye = bus.consumer(DialogRouter.nodeBye(nodeId), router::onNodeClose);
        MessageConsumer<Object> control = bus.consumer(Addresses.PLAYBACK_CONTROL, controls::onShared);
        MessageConsumer<Object> nodeControl = bus.consumer(PlaybackControls.nodeAddress(nodeId), controls::onNode);
        return Future.all(java.util.List.of(invite.completion(), nodeInvite.completion(), bye.completion(), nodeBye.completion(),
                        owners.ready(), control.completion(), nodeControl.completion()))
                .mapEmpty();
    }

    /** A request from a device within (or about) a media dialog: BYE, INFO, or its own INVITE. */
    public void handle(ServerTransaction tx) {
        if (!talkRequests.test(tx)) {
            deviceRequests.handle(tx);
        }
    }

    /** Who serves the requests of talks (voice broadcast): a device's INVITE and the BYE of a talk dialog. */
    public void talkRequests(java.util.function.Predicate<ServerTransaction> handler) {
        this.talkRequests = handler;
    }

    /** Media dialogs held by this node. */
    /**
     * The device whose media dialog a request from a device belongs to (its Call-ID, and its From tag
     * the device's tag in the dialog), or null. An in-dialog MESSAGE (a playback's end of file) may name
     * the channel, not the device, as its sender.
     */
    public String deviceOfDialog(String callId, String fromTag) {
        MediaDialog dialog = dialogs.byCallId(callId);
        if (dialog == null) {
            return null;
        }
        return fromTag.isEmpty() || dialog.remoteTag().isEmpty() || fromTag.equals(dialog.remoteTag()) ? dialog.deviceId : null;
    }

    public int dialogCount() {
        return dialogs.size();
    }
}
