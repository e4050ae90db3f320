package io.gbmesh.gateway;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevice;
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
 * MESSAGEs from devices (reference 6.3, 6.4): keepalives, answers to our queries, and catalog
 * notifications. A MESSAGE is taken only from the transport address (or TCP connection) the
 * device's registration is bound to, and only when the {@code DeviceID} of its body is that device
 * or one of its channels; anything else changes nothing ({@code 403}, {@code 400}) and is counted.
 * A keepalive from a device the cluster holds as registered but this node does not own (its gateway
 * restarted, or it moved) takes the device over when it comes from the address the registry holds;
 * from a device nobody knows it is refused so that the device registers again (reference 7.4 point 6).
 */
final class DeviceMessages {
    private final DeviceRegistry registry;
    private final DeviceQueryClient queries;
    private final GatewayMetrics metrics;

    DeviceMessages(DeviceRegistry registry, DeviceQueryClient queries, GatewayMetrics metrics) {
        this.registry = registry;
        this.queries = queries;
        this.metrics = metrics;
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
        if (doc.kind().equals("Notify") && doc.cmdType().equalsIgnoreCase("keepalive")) {
            keepalive(tx, deviceId, doc);
            return;
        }
        OwnedDevice device = registry.owned(deviceId);
        if (device == null) {
            // answers and notifications only from devices registered here (or taken over by a keepalive)
            metrics.count("message.rejected.unregistered");
            reply(tx, 403, "Device not registered");
            return;
        }
        if (!device.isBoundTo(tx.source())) {
            metrics.count("message.rejected.wrong-source");
            reply(tx, 403, "Not the address the device is registered at");
            return;
        }
        registry.speaksFor(device, doc.deviceId()).onComplete(ar -> {
            if (ar.failed() || !ar.result()) {
                metrics.count("message.rejected.foreign-id");
                reply(tx, 400, "DeviceID is neither the sending device nor one of its channels");
                return;
            }
            accept(tx, deviceId, doc);
        });
    }

    private void accept(ServerTransaction tx, String deviceId, DeviceBodies.Document doc) {
        reply(tx, 200, null);
        switch (doc.kind()) {
            case "Response" -> {
                metrics.countCmd("message.response", doc.cmdType());
                queries.onResponse(deviceId, doc);
            }
            case "Notify" -> {
                metrics.countCmd("message.notify", doc.cmdType());
                if (doc.cmdType().equalsIgnoreCase("catalog")) {
                    catalogNotification(deviceId, doc);
                }
            }
            default -> metrics.count("message.ignored." + doc.kind()); // a ManscdpRoot name: a closed set
        }
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
