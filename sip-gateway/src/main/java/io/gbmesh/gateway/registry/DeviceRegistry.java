package io.gbmesh.gateway.registry;

import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.ChannelChange;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.Transport;
import io.gbmesh.gateway.DeviceIds;
import io.gbmesh.runtime.RegistryReader;
import io.gbmesh.sipstack.Peer;
import io.gbmesh.sipstack.SipTransport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The devices of the mesh as this gateway node keeps them: what it owns (held locally for the hot
 * paths), the cluster registry entry of each (written in batches, {@link RegistryWriter}: what lets
 * one node take thousands of registrations a second), and the events that say so. Every change of
 * a device's registration goes through here, so that the local view, the cluster map and the events
 * never disagree.
 *
 * <p>A registration is bound to the transport address its REGISTER came from (the UDP source as
 * received, or its TCP connection): only a new REGISTER moves it. Used on the gateway's event loop.
 */
public final class DeviceRegistry {
    /** What became of a keepalive. */
    public enum KeepaliveOutcome {
        /** from the address the device is registered at, on this node */
        ACCEPTED,
        /** the cluster held the device for another node, at this very address: this node owns it now */
        TAKEN_OVER,
        /** the device is registered at another address: nothing changed */
        WRONG_SOURCE,
        /** nobody holds the device (or its registration expired) */
        UNREGISTERED
    }

    private final String nodeId;
    private final int heartbeatInterval;
    private final int heartbeatCount;
    private final RegistryStore store;
    private final RegistryWriter writer;
    private final OwnedDevices owned = new OwnedDevices();
    private final DeviceEvents events;
    private java.util.function.Consumer<String> onRemoved = id -> { };

    private DeviceRegistry(Vertx vertx, RegistryStore store, String nodeId, int heartbeatInterval, int heartbeatCount) {
        this.nodeId = nodeId;
        this.heartbeatInterval = heartbeatInterval;
        this.heartbeatCount = heartbeatCount;
        this.store = store;
        this.writer = new RegistryWriter(vertx, store, 20, 2000);
        this.events = new DeviceEvents(vertx.eventBus(), nodeId);
    }

    /**
     * Opens the cluster maps. {@code heartbeatInterval} (s) and {@code heartbeatCount} apply to a new
     * device until its own settings are known.
     */
    public static Future<DeviceRegistry> open(Vertx vertx, String nodeId, int heartbeatInterval, int heartbeatCount) {
        return RegistryStore.open(vertx).map(store -> new DeviceRegistry(vertx, store, nodeId, heartbeatInterval,
                heartbeatCount));
    }

    /** The device if this node owns it, else null. */
    public OwnedDevice owned(String deviceId) {
        return owned.get(deviceId);
    }

    /** Called with the ID of each device this node stops owning (offline, unregistered), at once. */
    public void onRemoved(java.util.function.Consumer<String> listener) {
        this.onRemoved = listener;
    }

    /** The IDs of the devices this node owns, as of now. */
    public List<String> ownedIds() {
        return owned.ids();
    }

    public int ownedCount() {
        return owned.size();
    }

    /** The cluster registry as any role reads it. */
    public RegistryReader reader() {
        return store.reader();
    }

    /** The device's cluster entry, whoever owns it (null when offline): where to route what concerns it. */
    public Future<DeviceRegistration> lookup(String deviceId) {
        return store.get(deviceId);
    }

    /**
     * An accepted REGISTER: the device is owned here and bound to {@code source} until it registers
     * again. Takes effect locally at once; the future completes once the cluster holds it (and the
     * online event is published), true when the device was not online here before.
     */
    public Future<Boolean> register(String deviceId, Peer source, String contact, int expiresSeconds) {
        long now = System.currentTimeMillis();
        OwnedDevice previous = owned.get(deviceId);
        DeviceRegistration before = previous == null ? null : previous.registration();
        boolean refresh = before != null;
        DeviceRegistration registration = new DeviceRegistration(deviceId, nodeId, transportOf(source),
                source.host(), source.port(), contact,
                refresh ? before.registeredAt() : now,
                now + expiresSeconds * 1000L, now,
                refresh ? before.heartbeatInterval() : heartbeatInterval,
                refresh ? before.heartbeatCount() : heartbeatCount,
                refresh ? before.info() : null);
        owned.put(registration, source);
        return writer.write(registration).map(v -> {
            events.online(registration, refresh);
            return !refresh;
        });
    }

    /**
     * A keepalive from {@code source}. Accepted only from the address the registration is bound to;
     * a device the cluster holds for another node (its gateway restarted or went away) is taken over
     * by this node, again only from the address the registry holds.
     */
    public Future<KeepaliveOutcome> keepalive(String deviceId, Peer source) {
        long now = System.currentTimeMillis();
        OwnedDevice device = owned.get(deviceId);
        if (device != null) {
            if (!device.isBoundTo(source)) {
                return Future.succeededFuture(KeepaliveOutcome.WRONG_SOURCE);
            }
            device.registration(device.registration().withKeepalive(now));
            writer.write(device.registration());
            return Future.succeededFuture(KeepaliveOutcome.ACCEPTED);
        }
        return store.get(deviceId).map(r -> {
            if (r == null || r.expiresAt() <= now) {
                return KeepaliveOutcome.UNREGISTERED;
            }
            if (!boundPeer(r).equals(source)) {
                return KeepaliveOutcome.WRONG_SOURCE;
            }
            OwnedDevice meanwhile = owned.get(deviceId);
            if (meanwhile != null) {
                // it registered here while the cluster was asked: that registration decides
                return meanwhile.isBoundTo(source) ? KeepaliveOutcome.ACCEPTED : KeepaliveOutcome.WRONG_SOURCE;
            }
            DeviceRegistration takenOver = r.withOwner(nodeId, transportOf(source), source.host(), source.port())
                    .withKeepalive(now);
            owned.put(takenOver, source);
            writer.write(takenOver).onSuccess(v -> events.online(takenOver, true));
            return KeepaliveOutcome.TAKEN_OVER;
        }).otherwise(KeepaliveOutcome.UNREGISTERED);
    }

    /**
     * Changes what the registry holds of a device this node owns (its info, its heartbeat settings),
     * from its own answers. Nothing happens when the device is no longer owned here.
     */
    public void refresh(OwnedDevice device, UnaryOperator<DeviceRegistration> change) {
        if (owned.get(device.deviceId()) != device) {
            return;
        }
        device.registration(change.apply(device.registration()));
        writer.write(device.registration());
    }

    /** The device's DeviceInfo answer: kept in its registration, and published. */
    public void info(OwnedDevice device, DeviceInfo info) {
        refresh(device, r -> r.withInfo(info));
        events.info(info);
    }

    /**
     * The device goes offline: out of this node's view and out of the cluster registry. For
     * {@link OfflineReason#UNREGISTERED} (the device said so in an accepted REGISTER) the entry goes
     * whichever node holds it; otherwise only if it is still this node's, so that a device taken over
     * elsewhere meanwhile is left alone. True (and the offline event) when the entry was removed.
     */
    public Future<Boolean> remove(String deviceId, OfflineReason reason) {
        if (owned.remove(deviceId) != null) {
            onRemoved.accept(deviceId);
        }
        writer.cancel(deviceId);
        return store.removeIfOwner(deviceId, reason == OfflineReason.UNREGISTERED ? null : nodeId)
                .onSuccess(removed -> {
                    if (removed) {
                        events.offline(deviceId, reason);
                    }
                });
    }

    /** Devices owned here whose registration expired or whose keepalives stopped, as of {@code now}. */
    public List<OwnedDevice> due(long now) {
        return owned.due(now);
    }

    /** Registrations of other nodes that nobody refreshed for {@code graceMillis} past their deadline. */
    public Future<List<DeviceRegistration>> overdueElsewhere(long graceMillis) {
        return store.reader().entries().map(entries -> {
            long now = System.currentTimeMillis();
            List<DeviceRegistration> out = new ArrayList<>();
            for (DeviceRegistration r : entries.values()) {
                if (!nodeId.equals(r.gatewayNode()) && Math.min(r.expiresAt(), r.keepaliveDeadline()) + graceMillis <= now) {
                    out.add(r);
                }
            }
            return out;
        });
    }

    /**
     * Removes an entry left behind by a node that went away, unless someone took the device over
     * meanwhile; the reason it went offline when removed, else null.
     */
    public Future<OfflineReason> removeOrphan(DeviceRegistration r) {
        OfflineReason reason = r.expiresAt() <= System.currentTimeMillis()
                ? OfflineReason.REGISTRATION_EXPIRED : OfflineReason.KEEPALIVE_TIMEOUT;
        return store.removeIfOwner(r.deviceId(), r.gatewayNode()).map(removed -> {
            if (!removed) {
                return null;
            }
            events.offline(r.deviceId(), reason);
            return reason;
        });
    }

    public Future<Catalog> catalog(String deviceId) {
        return store.catalog(deviceId);
    }

    /** A device's channel list as it now stands: into the channel map, and published with what changed. */
    public void storeCatalog(Catalog catalog, List<ChannelChange> changes) {
        OwnedDevice device = owned.get(catalog.deviceId());
        if (device != null) {
            device.channels(catalog.channels().stream().map(Channel::channelId).toList());
        }
        store.putCatalog(catalog);
        events.catalog(catalog, changes);
    }

    /**
     * Whether a body naming {@code bodyId} may speak for {@code device}: the device itself, or one
     * of the channels of its catalog (read from the cluster once after a takeover).
     */
    public Future<Boolean> speaksFor(OwnedDevice device, String bodyId) {
        if (bodyId == null || bodyId.equals(device.deviceId())) {
            return Future.succeededFuture(true);
        }
        if (!DeviceIds.isValid(bodyId)) {
            return Future.succeededFuture(false);
        }
        if (device.channels != null) {
            return Future.succeededFuture(device.channels.contains(bodyId));
        }
        return store.catalog(device.deviceId()).map(catalog -> {
            if (device.channels == null) {
                device.channels(catalog == null ? List.of() : catalog.channels().stream().map(Channel::channelId).toList());
            }
            return device.channels.contains(bodyId);
        }).otherwise(false);
    }

    /** The address a cluster entry binds its device to. */
    private static Peer boundPeer(DeviceRegistration r) {
        return new Peer(r.transport() == Transport.TCP ? SipTransport.TCP : SipTransport.UDP, r.remoteHost(), r.remotePort());
    }

    private static Transport transportOf(Peer source) {
        return source.transport() == SipTransport.TCP ? Transport.TCP : Transport.UDP;
    }
}
