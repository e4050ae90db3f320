package io.gbmesh.launcher.bench;

import com.hazelcast.core.EntryEvent;
import com.hazelcast.map.IMap;
import com.hazelcast.map.listener.EntryAddedListener;
import com.hazelcast.map.listener.EntryEvictedListener;
import com.hazelcast.map.listener.EntryRemovedListener;
import com.hazelcast.map.listener.EntryUpdatedListener;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.Channel;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.HazelcastMaps;
import io.gbmesh.runtime.MeshCluster;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The judge of the soak benchmark (bench/soak.sh): joins the gateway's cluster as another member and
 * watches what the platform believes about the simulated devices while the attacker works: every
 * change of a registry entry (a device's address must stay the one it registered from, and its entry
 * must not go away), and the device events (offline, info, catalog). The simulated devices never
 * move, never unregister, never rename themselves and never notify catalog changes, so each of those
 * seen for one of them is an attacker's forged change accepted, or a device wrongly offline. The
 * attacker marks every name it forges with {@link #FORGED}.
 *
 * <p>args: clusterName gatewayClusterPort idPrefix(13 digits) deviceCount channelsPerDevice stopFile
 * attackStartedFile. Prints "watching" when it has joined, then its findings as {@code key=value}
 * lines when the stop file appears (offline devices are told apart by whether the attack had started).
 */
public final class SoakWatcher {
    static final String FORGED = "FORGED";

    private final String prefix;
    private final int count;
    private final int channels;
    private final Map<String, String> firstAddress = new ConcurrentHashMap<>();
    private final Set<String> moved = ConcurrentHashMap.newKeySet();
    private final Set<String> removed = ConcurrentHashMap.newKeySet();
    private final Set<String> offline = ConcurrentHashMap.newKeySet();
    private final Set<String> renamed = ConcurrentHashMap.newKeySet();
    private final Set<String> catalogChanged = ConcurrentHashMap.newKeySet();
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final Set<String> offlineBeforeAttack = ConcurrentHashMap.newKeySet();
    private volatile boolean attackStarted;

    private SoakWatcher(String prefix, int count, int channels) {
        this.prefix = prefix;
        this.count = count;
        this.channels = channels;
    }

    public static void main(String[] args) throws Exception {
        int gatewayPort = Integer.parseInt(args[1]);
        SoakWatcher w = new SoakWatcher(args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        Path stop = Path.of(args[5]);
        Path attackStarted = Path.of(args[6]);
        // the gateway takes the next port when its own is taken: look for it over the range it may use
        StringBuilder members = new StringBuilder();
        for (int p = gatewayPort; p < gatewayPort + 10; p++) {
            members.append(members.length() == 0 ? "" : ",").append("127.0.0.1:").append(p);
        }
        Vertx vertx = MeshCluster.start(MeshCluster.Settings.fromEnv(new Env(Map.of("GB_CLUSTER_NAME", args[0],
                        "GB_CLUSTER_PORT", String.valueOf(gatewayPort + 20), "GB_CLUSTER_MEMBERS", members.toString(),
                        "GB_CLUSTER_HOST", "127.0.0.1"))))
                .toCompletionStage().toCompletableFuture().get(90, TimeUnit.SECONDS);
        IMap<String, String> registry = HazelcastMaps.of(vertx, Addresses.REGISTRY_MAP);
        IMap<String, String> catalogs = HazelcastMaps.of(vertx, Addresses.CHANNELS_MAP);
        registry.addEntryListener(w.registryListener(), true);
        var bus = vertx.eventBus();
        Future.all(
                bus.<DeviceOffline>consumer(Addresses.DEVICE_OFFLINE, m -> w.onOffline(m.body())).completion(),
                bus.<DeviceOnline>consumer(Addresses.DEVICE_ONLINE, m -> w.onOnline(m.body())).completion(),
                bus.<DeviceInfoUpdated>consumer(Addresses.DEVICE_INFO, m -> w.onInfo(m.body().info())).completion(),
                bus.<CatalogUpdated>consumer(Addresses.DEVICE_CATALOG, m -> w.onCatalog(m.body())).completion())
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        System.out.println("watching");
        long lastProgress = System.nanoTime();
        while (!Files.exists(stop)) {
            Thread.sleep(200);
            if (!w.attackStarted && Files.exists(attackStarted)) {
                w.attackStarted = true;
            }
            if (System.nanoTime() - lastProgress > 10_000_000_000L) {
                lastProgress = System.nanoTime();
                System.out.println("progress: registered=" + w.firstAddress.size() + " moved=" + w.moved.size()
                        + " offline=" + w.offline.size() + " renamed=" + w.renamed.size() + " catalog_changed=" + w.catalogChanged.size());
            }
        }
        w.finalScan(registry, catalogs);
        w.report();
        System.out.flush();
        Runtime.getRuntime().halt(0);
    }

    private boolean simulated(String id) {
        if (id == null || id.length() != 20 || !id.startsWith(prefix)) {
            return false;
        }
        try {
            int serial = Integer.parseInt(id.substring(13));
            return serial >= 1 && serial <= count;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void count(String name) {
        counters.computeIfAbsent(name, k -> new AtomicLong()).incrementAndGet();
    }

    private com.hazelcast.map.listener.MapListener registryListener() {
        class Listener implements EntryAddedListener<String, String>, EntryUpdatedListener<String, String>,
                EntryRemovedListener<String, String>, EntryEvictedListener<String, String> {
            @Override
            public void entryAdded(EntryEvent<String, String> e) {
                onEntry(e.getKey(), e.getValue());
            }

            @Override
            public void entryUpdated(EntryEvent<String, String> e) {
                onEntry(e.getKey(), e.getValue());
            }

            @Override
            public void entryRemoved(EntryEvent<String, String> e) {
                onGone(e.getKey());
            }

            @Override
            public void entryEvicted(EntryEvent<String, String> e) {
                onGone(e.getKey());
            }
        }
        return new Listener();
    }

    private void onEntry(String id, String json) {
        if (!simulated(id) || json == null) {
            return;
        }
        count("registry.writes");
        DeviceRegistration r = MeshCodec.fromJson(json, DeviceRegistration.class);
        String address = r.transport() + ":" + r.remoteHost() + ":" + r.remotePort();
        String first = firstAddress.putIfAbsent(id, address);
        if (first != null && !first.equals(address)) {
            count("registry.address-changed");
            moved.add(id);
        }
        if (forged(r.info())) {
            renamed.add(id);
        }
    }

    private void onGone(String id) {
        if (simulated(id)) {
            count("registry.removed");
            removed.add(id);
        }
    }

    private void onOffline(DeviceOffline e) {
        if (simulated(e.deviceId())) {
            count("event.offline." + e.reason());
            offline.add(e.deviceId());
            if (!attackStarted) {
                offlineBeforeAttack.add(e.deviceId());
            }
        }
    }

    private void onOnline(DeviceOnline e) {
        if (simulated(e.deviceId())) {
            count(e.refresh() ? "event.online.refresh" : "event.online.new");
        }
    }

    private void onInfo(DeviceInfo info) {
        if (info != null && simulated(info.deviceId())) {
            count("event.info");
            if (forged(info)) {
                count("event.info.forged");
                renamed.add(info.deviceId());
            }
        }
    }

    private void onCatalog(CatalogUpdated e) {
        Catalog c = e.catalog();
        if (c != null && simulated(c.deviceId())) {
            count("event.catalog");
            // the simulated devices never notify changes; a catalog with changes, a forged name or a lost channel is not theirs
            if (!e.changes().isEmpty() || forged(c)) {
                count("event.catalog.forged");
                catalogChanged.add(c.deviceId());
            }
        }
    }

    private static boolean forged(DeviceInfo info) {
        return info != null && (contains(info.deviceName(), FORGED) || contains(info.manufacturer(), FORGED) || contains(info.model(), FORGED));
    }

    private boolean forged(Catalog c) {
        if (c.complete() && c.channels().size() != channels) {
            return true;
        }
        for (Channel ch : c.channels()) {
            if (contains(ch.name(), FORGED) || !c.deviceId().equals(ch.parentId())) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String s, String what) {
        return s != null && s.contains(what);
    }

    private void finalScan(IMap<String, String> registry, IMap<String, String> catalogs) {
        int present = 0;
        int movedNow = 0;
        int renamedNow = 0;
        for (Map.Entry<String, String> e : registry.entrySet()) {
            if (!simulated(e.getKey())) {
                continue;
            }
            present++;
            DeviceRegistration r = MeshCodec.fromJson(e.getValue(), DeviceRegistration.class);
            String first = firstAddress.get(e.getKey());
            if (first != null && !first.equals(r.transport() + ":" + r.remoteHost() + ":" + r.remotePort())) {
                movedNow++;
            }
            if (forged(r.info())) {
                renamedNow++;
            }
        }
        int catalogsForgedNow = 0;
        int catalogsPresent = 0;
        for (Map.Entry<String, String> e : catalogs.entrySet()) {
            if (simulated(e.getKey())) {
                catalogsPresent++;
                if (forged(MeshCodec.fromJson(e.getValue(), Catalog.class))) {
                    catalogsForgedNow++;
                    catalogChanged.add(e.getKey());
                }
            }
        }
        counters.put("end.registry.present", new AtomicLong(present));
        counters.put("end.registry.missing", new AtomicLong(count - present));
        counters.put("end.registry.address-not-own", new AtomicLong(movedNow));
        counters.put("end.registry.info-forged", new AtomicLong(renamedNow));
        counters.put("end.catalogs.present", new AtomicLong(catalogsPresent));
        counters.put("end.catalogs.forged", new AtomicLong(catalogsForgedNow));
    }

    private void report() {
        System.out.println("watch.devices_seen_registered=" + firstAddress.size());
        System.out.println("watch.devices_wrongly_offline=" + offline.size() + sample(offline));
        System.out.println("watch.devices_wrongly_offline_before_attack=" + offlineBeforeAttack.size() + sample(offlineBeforeAttack));
        System.out.println("watch.devices_removed_from_registry=" + removed.size() + sample(removed));
        System.out.println("watch.devices_address_moved=" + moved.size() + sample(moved));
        System.out.println("watch.devices_renamed=" + renamed.size() + sample(renamed));
        System.out.println("watch.devices_catalog_changed=" + catalogChanged.size() + sample(catalogChanged));
        new TreeMap<>(counters).forEach((k, v) -> System.out.println("watch." + k + "=" + v.get()));
    }

    private static String sample(Set<String> ids) {
        return ids.isEmpty() ? "" : "  (e.g. " + String.join(" ", ids.stream().sorted().limit(5).toList()) + ")";
    }
}
