package io.gbmesh.gateway;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.Transport;
import io.gbmesh.gateway.registry.DeviceRegistry;
import io.gbmesh.gateway.registry.OwnedDevices;
import io.gbmesh.gateway.registry.RegistryWriter;
import io.gbmesh.protocol.sip.GbDates;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.sipstack.Branches;
import io.gbmesh.sipstack.ServerTransaction;
import io.gbmesh.sipstack.SipTransport;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * MESSAGEs from devices (reference 6.3, 6.4): keepalives, answers to our queries, and catalog
 * notifications. A keepalive from a device the cluster holds as registered but this node does not
 * own (its gateway restarted, or it moved) is accepted and the device taken over; from a device
 * nobody knows it is refused so that the device registers again (reference 7.4 point 6).
 */
final class DeviceMessages {
    private final GatewayConfig config;
    private final DeviceRegistry registry;
    private final RegistryWriter writer;
    private final OwnedDevices owned;
    private final DeviceEvents events;
    private final DeviceQueryClient queries;
    private final GatewayMetrics metrics;

    DeviceMessages(GatewayConfig config, DeviceRegistry registry, RegistryWriter writer, OwnedDevices owned,
                   DeviceEvents events, DeviceQueryClient queries, GatewayMetrics metrics) {
        this.config = config;
        this.registry = registry;
        this.writer = writer;
        this.owned = owned;
        this.events = events;
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
        String cmd = doc.cmdType().toLowerCase(Locale.ROOT);
        if (doc.kind().equals("Notify") && cmd.equals("keepalive")) {
            keepalive(tx, deviceId);
            return;
        }
        OwnedDevices.Owned device = owned.get(deviceId);
        if (device == null) {
            // answers and notifications only from devices registered here (or taken over by a keepalive)
            metrics.count("message.rejected.unregistered");
            reply(tx, 403, "Device not registered");
            return;
        }
        reply(tx, 200, null);
        device.peer = tx.source();
        switch (doc.kind()) {
            case "Response" -> {
                metrics.count("message.response." + cmd);
                queries.onResponse(deviceId, doc);
            }
            case "Notify" -> {
                metrics.count("message.notify." + cmd);
                if (cmd.equals("catalog")) {
                    catalogNotification(deviceId, doc);
                }
            }
            default -> metrics.count("message.ignored." + doc.kind());
        }
    }

    private void keepalive(ServerTransaction tx, String deviceId) {
        long now = System.currentTimeMillis();
        OwnedDevices.Owned device = owned.get(deviceId);
        if (device != null) {
            metrics.count("keepalive.accepted");
            DeviceRegistration r = device.registration.withKeepalive(now);
            if (!tx.source().equals(device.peer)) {
                // NAT rebinding or a new TCP connection: answer and query it where it is now
                r = r.withOwner(config.nodeId(), transportOf(tx), tx.source().host(), tx.source().port());
                device.peer = tx.source();
            }
            device.registration = r;
            writer.write(r);
            reply(tx, 200, null);
            return;
        }
        registry.get(deviceId).onComplete(ar -> {
            DeviceRegistration r = ar.succeeded() ? ar.result() : null;
            if (r == null || r.expiresAt() <= now) {
                metrics.count("keepalive.rejected.unregistered");
                reply(tx, 403, "Device not registered");
                return;
            }
            DeviceRegistration takenOver = r.withOwner(config.nodeId(), transportOf(tx), tx.source().host(), tx.source().port())
                    .withKeepalive(now);
            owned.put(takenOver, tx.source());
            metrics.count("keepalive.takeover");
            reply(tx, 200, null);
            writer.write(takenOver).onSuccess(v -> events.online(takenOver, true));
        });
    }

    private void catalogNotification(String deviceId, DeviceBodies.Document doc) {
        DeviceBodies.CatalogPage page = DeviceBodies.catalogPage(doc);
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
            Catalog updated = queries.cappedCatalog(deviceId, channels);
            registry.putCatalog(updated);
            events.catalog(updated, changes);
        });
    }

    private static Transport transportOf(ServerTransaction tx) {
        return tx.source().transport() == SipTransport.TCP ? Transport.TCP : Transport.UDP;
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
