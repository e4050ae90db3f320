package io.gbmesh.gateway.dialog;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DialogEnded;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipStats;
import io.vertx.core.eventbus.EventBus;
import java.util.function.Function;

/**
 * Requests a device sends inside a media dialog: BYE when its stream ends (a recording that
 * reached its end, a channel taken away) and INFO. A request for a dialog we do not hold is
 * answered 481 (RFC 3261 §12.2.2). A BYE is taken only from where the device is: the address the
 * dialog was set up with, or the one it has registered at since. Used on the gateway's event loop.
 */
final class DeviceDialogRequests {
    static final String DEVICE_BYE = "device-bye";

    private final MediaDialogs dialogs;
    private final StreamOwners owners;
    private final EventBus bus;
    private final String nodeId;
    private final SipStats stats;
    private final Function<String, OwnedDevice> owned;

    DeviceDialogRequests(MediaDialogs dialogs, StreamOwners owners, EventBus bus, String nodeId, SipStats stats,
                         Function<String, OwnedDevice> owned) {
        this.dialogs = dialogs;
        this.owners = owners;
        this.bus = bus;
        this.nodeId = nodeId;
        this.stats = stats;
        this.owned = owned;
    }

    void handle(ServerTransaction tx) {
        SipRequest request = tx.request();
        switch (request.method()) {
            case "BYE" -> onBye(tx);
            // MANSRTSP playback control comes from the platform, not the device; accept what a device sends in a dialog
            case "INFO" -> respond(tx, find(request) == null ? 481 : 200);
            // a device's own INVITE (voice broadcast, GB/T 28181-2016 §9.12) is not served yet
            default -> respond(tx, 501);
        }
    }

    private void onBye(ServerTransaction tx) {
        MediaDialog dialog = find(tx.request());
        if (dialog == null) {
            stats.increment("device-bye.unknown");
            respond(tx, 481);
            return;
        }
        OwnedDevice device = owned.apply(dialog.deviceId);
        if (!tx.source().equals(dialog.peer) && (device == null || !device.isBoundTo(tx.source()))) {
            stats.increment("device-bye.rejected.wrong-source");
            respond(tx, 403);
            return;
        }
        respond(tx, 200);
        dialogs.remove(dialog);
        owners.release(dialog.streamId, nodeId);
        stats.increment("device-bye");
        bus.publish(Addresses.DIALOG_ENDED, new DialogEnded(dialog.streamId, dialog.deviceId, dialog.channelId, DEVICE_BYE,
                System.currentTimeMillis()));
    }

    /** The dialog of a request from the device: its Call-ID, and its From tag the To tag of the device's 200. */
    private MediaDialog find(SipRequest request) {
        MediaDialog dialog = dialogs.byCallId(request.callId());
        if (dialog == null) {
            return null;
        }
        String tag = request.from().tag().orElse("");
        return tag.isEmpty() || dialog.remoteTag().isEmpty() || tag.equals(dialog.remoteTag()) ? dialog : null;
    }

    private static void respond(ServerTransaction tx, int code) {
        tx.respond(SipResponse.to(tx.request(), code, Branches.tag()).build());
    }
}
