package io.gbmesh.gateway;

import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
import io.gbmesh.protocol.manscdp.Alarm;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
import io.gbmesh.protocol.manscdp.ManscdpQueries;
import io.gbmesh.protocol.manscdp.MobilePosition;
import io.gbmesh.protocol.sip.GbDates;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MESSAGEs and NOTIFYs from devices (reference 6.3, 6.4, 6.7): keepalives, answers to our queries,
 * catalog notifications, alarms and mobile positions (GB/T 28181-2016 §9.4, §9.11), by MESSAGE or in a
 * subscription's NOTIFY. Either is taken only from the transport address (or TCP connection) the
 * device's registration is bound to, and only when the {@code DeviceID} of its body is that device
 * or one of its channels; anything else changes nothing ({@code 403}, {@code 400}) and is counted.
 * An alarm sent by MESSAGE is confirmed with the Response the standard asks for (§9.4.2); one sent in a
 * NOTIFY is confirmed by the NOTIFY's 200 (RFC 6665 §4.1.3).
 * A keepalive from a device the cluster holds as registered but this node does not own (its gateway
 * restarted, or it moved) takes the device over when it comes from the address the registry holds;
 * from a device nobody knows it is refused so that the device registers again (reference 7.4 point 6).
 */
final class DeviceMessages {
    private final DeviceRegistry registry;
    private final DeviceQueryClient queries;
    private final GatewayMetrics metrics;
    private final AlarmIntake alarms;
    private final Subscriptions subscriptions;
    private final Confirmations confirmations;

    DeviceMessages(DeviceRegistry registry, DeviceQueryClient queries, GatewayMetrics metrics, AlarmIntake alarms,
                   Subscriptions subscriptions, Confirmations confirmations) {
        this.registry = registry;
        this.queries = queries;
        this.metrics = metrics;
        this.alarms = alarms;
        this.subscriptions = subscriptions;
        this.confirmations = confirmations;
    }

    void handle(ServerTransaction tx) {
        SipRequest request = tx.request();
        if (!request.contentType().map(t -> t.equals("application/manscdp+xml")).orElse(false)) {
            metrics.count("message.rejected.content-type");
            reply(tx, 415, "Only Application/MANSCDP+xml is understood");
            return;
        }
        DeviceBodies.Document doc;
        try {
            doc = DeviceBodies.parse(request.body());
        } catch (DeviceBodies.BodyException e) {
            metrics.count("message.rejected.body");
            reply(tx, 400, "Bad MANSCDP body: " + e.getMessage());
            return;
        }
        String deviceId = request.from().user();
        boolean notify = request.is("NOTIFY");
        if (!notify && doc.kind().equals("Notify") && doc.cmdType().equalsIgnoreCase("keepalive")) {
            keepalive(tx, deviceId, doc);
            return;
        }
        OwnedDevice device = sender(request, deviceId);
        if (device == null) {
            // answers and notifications only from devices registered here (or taken over by a keepalive)
            metrics.count(notify ? "notify.rejected.unregistered" : "message.rejected.unregistered");
            reply(tx, 403, "Device not registered");
            return;
        }
        if (!device.isBoundTo(tx.source())) {
            metrics.count(notify ? "notify.rejected.wrong-source" : "message.rejected.wrong-source");
            reply(tx, 403, "Not the address the device is registered at");
            return;
        }
        registry.speaksFor(device, doc.deviceId()).onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                metrics.count(notify ? "notify.rejected.foreign-id" : "message.rejected.foreign-id");
                reply(tx, 400, "DeviceID is neither the sending device nor one of its channels");
                return;
            }
            accept(tx, device, doc, notify);
        });
    }

    /**
     * The registered device a MESSAGE or NOTIFY comes from: its From user, or, in a media dialog of ours,
     * the device of that dialog, since a camera may send there as the channel it streams (the INVITE's
     * To); where it sends from is checked afterwards as for any other. Null when neither is owned here.
     */
    private OwnedDevice sender(SipRequest request, String fromUser) {
        OwnedDevice device = registry.owned(fromUser);
        if (device != null || request.to().tag().isEmpty()) {
            return device;
        }
        String owner = dialogDevice.apply(request.callId(), request.from().tag().orElse(""));
        device = owner == null ? null : registry.owned(owner);
        if (device != null) {
            metrics.count("message.in-dialog.as-channel");
        }
        return device;
    }

    private void accept(ServerTransaction tx, OwnedDevice device, DeviceBodies.Document doc, boolean notify) {
        String deviceId = device.deviceId();
        reply(tx, 200, null);
        if (notify && !subscriptions.notified(tx.request().callId())) {
            metrics.count("notify.outside-subscription"); // ours before a restart, or the device's own idea: taken
        }
        switch (doc.kind()) {
            case "Response" -> {
                metrics.countCmd("message.response", doc.cmdType());
                queries.onResponse(deviceId, doc);
            }
            case "Notify" -> {
                metrics.countCmd(notify ? "notify" : "message.notify", doc.cmdType());
                switch (GatewayMetrics.cmdLabel(doc.cmdType())) {
                    case "catalog" -> catalogNotification(deviceId, doc);
                    case "alarm" -> alarm(device, doc, notify, tx.request().body());
                    case "mobileposition" -> position(deviceId, doc);
                    case "mediastatus" -> mediaStatus(deviceId, tx.request().callId(), tx.request().to().tag().isPresent(), doc);
                    case "uploadsnapshotfinished" -> snapshotsFinished.accept(deviceId, doc);
                    default -> { }
                }
            }
            default -> metrics.count("message.ignored." + doc.kind()); // a ManscdpRoot name: a closed set
        }
    }

    private void alarm(OwnedDevice device, DeviceBodies.Document doc, boolean notify, byte[] body) {
        Alarm alarm;
        try {
            alarm = Alarm.from(doc.document());
        } catch (ManscdpParseException e) {
            metrics.count("alarm.rejected.body");
            return;
        }
        alarms.alarm(device.deviceId(), alarm, notify ? AlarmRaised.VIA_NOTIFY : AlarmRaised.VIA_MESSAGE, body);
        if (!notify) {
            byte[] confirmation = ManscdpQueries.alarmConfirmation(doc.sn(), doc.deviceId());
            confirmations.offer(() -> queries.tell(device, confirmation)
                    .onComplete(ar -> metrics.count(ar.succeeded() && ar.result().isSuccess()
                            ? "alarm.confirmed" : "alarm.confirmation.failed")));
        }
    }

    private void position(String deviceId, DeviceBodies.Document doc) {
        try {
            alarms.position(deviceId, MobilePosition.from(doc.document()));
        } catch (ManscdpParseException e) {
            metrics.count("position.rejected.body");
        }
    }

    /**
     * Where a device's MediaStatus (the end of a played-back file) goes, with the Call-ID of the MESSAGE
     * that carried it (the INVITE dialog's when the device sends it in that dialog) and whether it came
     * in a dialog (its To has a tag).
     */
    interface MediaStatusHandler {
        void accept(String deviceId, String callId, boolean inDialog, io.gbmesh.protocol.manscdp.MediaStatusNotify status);
    }

    /** Nowhere until set. */
    private MediaStatusHandler mediaStatus = (d, c, i, n) -> { };
    private java.util.function.BiFunction<String, String, String> dialogDevice = (callId, tag) -> null;

    /** How the device of a media dialog is found from a request's Call-ID and From tag (null: none). */
    void dialogDevices(java.util.function.BiFunction<String, String, String> lookup) {
        this.dialogDevice = lookup;
    }

    void onMediaStatus(MediaStatusHandler handler) {
        this.mediaStatus = handler;
    }

    private void mediaStatus(String deviceId, String callId, boolean inDialog, DeviceBodies.Document doc) {
        try {
            mediaStatus.accept(deviceId, callId, inDialog, io.gbmesh.protocol.manscdp.MediaStatusNotify.from(doc.document()));
        } catch (ManscdpParseException e) {
            metrics.count("mediastatus.rejected.body");
        }
    }

    /** Where a device's UploadSnapShotFinished (GB/T 28181-2022) goes; nowhere until set. */
    private java.util.function.BiConsumer<String, DeviceBodies.Document> snapshotsFinished = (d, doc) -> { };

    void onSnapshotsFinished(java.util.function.BiConsumer<String, DeviceBodies.Document> handler) {
        this.snapshotsFinished = handler;
    }

    private void keepalive(ServerTransaction tx, String deviceId, DeviceBodies.Document doc) {
        if (doc.deviceId() != null && !doc.deviceId().equals(deviceId)) {
            metrics.count("keepalive.rejected.foreign-id");
            reply(tx, 400, "DeviceID is not the sending device");
            return;
        }
        registry.keepalive(deviceId, tx.source()).onComplete(ar -> {
            switch (ar.result()) {
                case ACCEPTED -> {
                    metrics.count("keepalive.accepted");
                    reply(tx, 200, null);
                }
                case TAKEN_OVER -> {
                    metrics.count("keepalive.takeover");
                    reply(tx, 200, null);
                }
                case WRONG_SOURCE -> {
                    // a NAT rebinding heals by the device's next REGISTER, which moves it
                    metrics.count("keepalive.rejected.wrong-source");
                    reply(tx, 403, "Not the address the device is registered at");
                }
                case UNREGISTERED -> {
                    metrics.count("keepalive.rejected.unregistered");
                    reply(tx, 403, "Device not registered");
                }
            }
        });
    }

    private void catalogNotification(String deviceId, DeviceBodies.Document doc) {
        DeviceBodies.CatalogPage page = DeviceBodies.catalogPage(doc);
        metrics.invalidCatalogItems(page.invalid());
        registry.catalog(deviceId).onComplete(ar -> {
            Map<String, Channel> channels = new LinkedHashMap<>();
            if (ar.succeeded() && ar.result() != null) {
                for (Channel c : ar.result().channels()) {
                    channels.put(c.channelId(), c);
                }
            }
            List<ChannelChange> changes = new ArrayList<>();
            for (int i = 0; i < page.channels().size(); i++) {
                Channel item = page.channels().get(i);
                String event = page.events().get(i) == null ? "UPDATE" : page.events().get(i).toUpperCase(Locale.ROOT);
                changes.add(new ChannelChange(item.channelId(), event));
                Channel known = channels.get(item.channelId());
                switch (event) {
                    case "DEL" -> channels.remove(item.channelId());
                    case "ON", "OFF", "VLOST", "DEFECT" -> channels.put(item.channelId(),
                            (known != null ? known : item).withStatus(event.equals("ON") ? "ON" : "OFF"));
                    default -> channels.put(item.channelId(), item); // ADD, UPDATE
                }
            }
            registry.storeCatalog(queries.cappedCatalog(deviceId, channels), changes);
        });
    }

    private static void reply(ServerTransaction tx, int code, String reason) {
        SipResponse.Builder b = GatewayMessages.answer(tx.request(), code, Branches.tag(),
                tx.endpoint().options().userAgent(), GbDates.format(LocalDateTime.now()));
        if (reason != null) {
            b.reason(reason);
        }
        tx.respond(b.build());
    }
}
