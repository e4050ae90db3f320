package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.MeshCluster;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two gateway nodes and a listener as separate clustered Vert.x instances on loopback (Hazelcast
 * TCP-IP join on 127.0.0.1): shared registry, events everywhere, queries routed to the owner node,
 * and a gateway restart survived by the device's keepalives alone.
 */
class ClusteredGatewaysTest {
    private final String cluster = "gbmesh-test-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final int hzPort = 15701 + ThreadLocalRandom.current().nextInt(200) * 10;
    private Vertx listener;
    private Vertx nodeA;
    private Vertx nodeB;
    private Vertx simulatorVertx;
    private DeviceSimulator onA;
    private DeviceSimulator onB;

    private Vertx member() {
        return Await.await(MeshCluster.start(MeshCluster.Settings.loopback(cluster, hzPort)));
    }

    private GatewayVerticle gateway(Vertx vertx, String node, int port) {
        GatewayVerticle gateway = new GatewayVerticle(TestSupport.config(port,
                "GB_NODE_ID", node, "GB_SIP_PASSWORD", "12345678", "GB_QUERY_TIMEOUT_MS", "4000",
                "GB_CATALOG_TIMEOUT_MS", "4000"));
        Await.await(vertx.deployVerticle(gateway));
        return gateway;
    }

    @AfterEach
    void stop() {
        for (DeviceSimulator s : new DeviceSimulator[] {onA, onB}) {
            if (s != null) {
                Await.await(s.close());
            }
        }
        for (Vertx v : new Vertx[] {simulatorVertx, nodeA, nodeB, listener}) {
            if (v != null) {
                Await.await(v.close());
            }
        }
    }

    @Test
    void twoGatewaysShareOneRegistryAndEveryEventReachesTheListener() {
        listener = member();
        BlockingQueue<DeviceOnline> online = TestSupport.collect(listener, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        nodeA = member();
        nodeB = member();
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        gateway(nodeA, "gw-a", portA);
        gateway(nodeB, "gw-b", portB);

        simulatorVertx = Vertx.vertx();
        onA = Await.await(DeviceSimulator.start(simulatorVertx, SimulatorConfig.of("127.0.0.1", portA)
                .withPassword("12345678").withCount(3, "3402000000132", 100)));
        onB = Await.await(DeviceSimulator.start(simulatorVertx, SimulatorConfig.of("127.0.0.1", portB)
                .withPassword("12345678").withCount(3, "3402000000132", 200)));

        List<String> ids = new ArrayList<>();
        onA.devices().forEach(d -> ids.add(d.deviceId()));
        onB.devices().forEach(d -> ids.add(d.deviceId()));
        Map<String, DeviceOnline> seen = TestSupport.all(online, Duration.ofSeconds(15), DeviceOnline::deviceId, ids);
        for (SimulatedDevice d : onA.devices()) {
            assertEquals("gw-a", seen.get(d.deviceId()).gatewayNode());
        }
        for (SimulatedDevice d : onB.devices()) {
            assertEquals("gw-b", seen.get(d.deviceId()).gatewayNode());
        }

        AsyncMap<String, String> registry = Await.await(listener.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        Map<String, String> entries = Await.await(registry.entries());
        assertEquals(6, entries.size());
        DeviceRegistration onBEntry = MeshCodec.fromJson(entries.get(onB.device(0).deviceId()), DeviceRegistration.class);
        assertEquals("gw-b", onBEntry.gatewayNode());

        // sent from the listener's node: whichever gateway takes it, the owner (gw-b) asks the device
        for (int i = 0; i < 4; i++) {
            DeviceInfo info = (DeviceInfo) Await.await(listener.eventBus().request(Addresses.DEVICE_QUERY,
                    DeviceQuery.of(onB.device(0).deviceId(), DeviceQuery.Kind.DEVICE_INFO),
                    new DeliveryOptions().setSendTimeout(10_000))).body();
            assertEquals(onB.device(0).deviceId(), info.deviceId());
        }
    }

    @Test
    void aRestartedGatewayTakesItsDevicesBackFromTheirKeepalives() {
        nodeA = member();
        nodeB = member();
        int portA = TestSupport.freePort();
        gateway(nodeA, "gw-a", portA);
        gateway(nodeB, "gw-b", TestSupport.freePort());
        BlockingQueue<DeviceOnline> online = TestSupport.collect(nodeB, Addresses.DEVICE_ONLINE, DeviceOnline.class);

        simulatorVertx = Vertx.vertx();
        onA = Await.await(DeviceSimulator.start(simulatorVertx, SimulatorConfig.of("127.0.0.1", portA)
                .withPassword("12345678").withCount(1, "3402000000132", 300).withTiming(3600, 1, 3)));
        SimulatedDevice device = onA.device(0);
        TestSupport.next(online, Duration.ofSeconds(10), e -> e.deviceId().equals(device.deviceId()));

        // gw-a goes away; gw-b still holds the registry (Hazelcast backup); a new gw-a starts on the same port
        Await.await(nodeA.close());
        nodeA = member();
        gateway(nodeA, "gw-a2", portA);
        int registrationsBefore = device.registrations();
        int acceptedBefore = device.keepalivesAccepted();
        TestSupport.next(online, Duration.ofSeconds(10), e -> e.deviceId().equals(device.deviceId())
                && e.gatewayNode().equals("gw-a2") && e.refresh());
        Await.eventually("keepalives accepted by gw-a2", Duration.ofSeconds(5),
                () -> device.keepalivesAccepted() > acceptedBefore + 1);
        assertEquals(registrationsBefore, device.registrations(), "no new registration was needed");

        AsyncMap<String, String> registry = Await.await(nodeB.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        assertEquals("gw-a2", MeshCodec.fromJson(Await.await(registry.get(device.deviceId())), DeviceRegistration.class).gatewayNode());
    }

    @Test
    void aKeepaliveFromAnotherAddressDoesNotTakeOverADeviceOfADepartedNode() throws Exception {
        nodeA = member();
        nodeB = member();
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        gateway(nodeA, "gw-a", portA);
        GatewayVerticle b = gateway(nodeB, "gw-b", portB);
        BlockingQueue<DeviceOnline> online = TestSupport.collect(nodeB, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        simulatorVertx = Vertx.vertx();
        onA = Await.await(DeviceSimulator.start(simulatorVertx, SimulatorConfig.of("127.0.0.1", portA)
                .withPassword("12345678").withCount(1, "3402000000132", 350).withTiming(3600, 1, 3)));
        SimulatedDevice device = onA.device(0);
        TestSupport.next(online, Duration.ofSeconds(10), e -> e.deviceId().equals(device.deviceId()));

        // gw-a goes away; gw-b holds its entry; someone else claims the device at gw-b
        Await.await(nodeA.close());
        nodeA = null;
        try (RawDevice spoofer = RawDevice.udp(portB)) {
            assertEquals(403, spoofer.message(device.deviceId(), RawDevice.keepalive(device.deviceId())));
        }

        assertEquals(1, b.stats().get("keepalive.rejected.wrong-source"));
        assertEquals(0, b.ownedDevices());
        AsyncMap<String, String> registry = Await.await(nodeB.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        DeviceRegistration held = MeshCodec.fromJson(Await.await(registry.get(device.deviceId())), DeviceRegistration.class);
        assertEquals("gw-a", held.gatewayNode());
        assertEquals(device.localPort(), held.remotePort());
    }

    @Test
    void afterAFullRestartTheDeviceIsRefusedAndRegistersAgainByItself() {
        nodeA = member();
        int portA = TestSupport.freePort();
        gateway(nodeA, "gw-a", portA);
        simulatorVertx = Vertx.vertx();
        onA = Await.await(DeviceSimulator.start(simulatorVertx, SimulatorConfig.of("127.0.0.1", portA)
                .withPassword("12345678").withCount(1, "3402000000132", 400).withTiming(3600, 1, 3)));
        SimulatedDevice device = onA.device(0);
        assertEquals(1, device.registrations());

        // the whole mesh restarts: the registry is gone
        Await.await(nodeA.close());
        nodeA = member();
        BlockingQueue<DeviceOnline> online = TestSupport.collect(nodeA, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        gateway(nodeA, "gw-a-new", portA);

        DeviceOnline back = TestSupport.next(online, Duration.ofSeconds(15), e -> e.deviceId().equals(device.deviceId()));
        assertTrue(!back.refresh());
        assertTrue(device.keepalivesRefused() >= 1, "the unknown device's keepalive was refused");
        assertEquals(2, device.registrations());
    }
}
