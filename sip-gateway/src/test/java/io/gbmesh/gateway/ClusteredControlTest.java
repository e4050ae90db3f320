package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.ControlFailure;
import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceControlResult;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.runtime.MeshCluster;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.PtzState;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Control requests from a node that owns no device (separate clustered Vert.x instances on
 * loopback) reach the camera through the gateway node that owns it, whichever gateway takes them;
 * the device's answers and failure codes come back unchanged, and the timed stop is sent by the owner.
 */
class ClusteredControlTest {
    private final String cluster = "gbmesh-ctl-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final int hzPort = 17701 + ThreadLocalRandom.current().nextInt(200) * 10;
    private Vertx listener;
    private Vertx nodeA;
    private Vertx nodeB;
    private Vertx simulatorVertx;
    private DeviceSimulator onB;

    private Vertx member() {
        return Await.await(MeshCluster.start(MeshCluster.Settings.loopback(cluster, hzPort)));
    }

    @AfterEach
    void stop() {
        if (onB != null) {
            Await.await(onB.close());
        }
        for (Vertx v : new Vertx[] {simulatorVertx, nodeA, nodeB, listener}) {
            if (v != null) {
                Await.await(v.close());
            }
        }
    }

    @Test
    void controlsReachTheOwnerNodesCameraFromAnywhere() throws Exception {
        listener = member();
        BlockingQueue<DeviceOnline> online = TestSupport.collect(listener, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        nodeA = member();
        nodeB = member();
        int portA = TestSupport.freePort();
        int portB = TestSupport.freePort();
        for (Object[] g : List.of(new Object[] {nodeA, "gw-a", portA}, new Object[] {nodeB, "gw-b", portB})) {
            Await.await(((Vertx) g[0]).deployVerticle(new GatewayVerticle(TestSupport.config((Integer) g[2],
                    "GB_NODE_ID", (String) g[1], "GB_SIP_PASSWORD", "12345678", "GB_QUERY_TIMEOUT_MS", "4000"))));
        }
        simulatorVertx = Vertx.vertx();
        onB = Await.await(DeviceSimulator.start(simulatorVertx, SimulatorConfig.of("127.0.0.1", portB)
                .withPassword("12345678").withCount(1, "3402000000132", 300)));
        SimulatedDevice camera = onB.device(0);
        TestSupport.next(online, Duration.ofSeconds(15), e -> e.deviceId().equals(camera.deviceId()));
        String channel = camera.channelIds().get(0);
        PtzState dome = camera.controls().ptz(channel);

        // whichever gateway node takes it from the shared address, gw-b sends it
        for (int i = 0; i < 4; i++) {
            DeviceControlResult r = control(DeviceControlRequest.of(camera.deviceId(), channel, DeviceControlRequest.Command.PTZ,
                    DeviceControlRequest.ACTION, "left", DeviceControlRequest.SPEED, 0x96, DeviceControlRequest.DURATION_MS, 300));
            assertEquals(channel, r.channelId());
            assertEquals("A50F01029600004D", dome.lastCommand());
            Await.eventually("the owner's timed stop", Duration.ofSeconds(5), () -> !dome.position().moving());
            assertEquals("A50F0100000000B5", dome.lastCommand());
        }

        assertEquals(List.of(), ((List<?>) control(DeviceControlRequest.of(camera.deviceId(), channel,
                DeviceControlRequest.Command.PRESET_LIST)).data().get("presets")));
        camera.controls().refuse("GuardCmd", "Guard Not Supported");
        Throwable refused = Await.failure(listener.eventBus().request(Addresses.DEVICE_CONTROL,
                DeviceControlRequest.of(camera.deviceId(), null, DeviceControlRequest.Command.GUARD),
                new DeliveryOptions().setSendTimeout(10_000)), 30_000);
        ReplyException re = assertInstanceOf(ReplyException.class, refused);
        assertEquals(ControlFailure.NOT_SUPPORTED.code(), re.failureCode());
        assertTrue(re.getMessage().contains("Guard Not Supported"), re.getMessage());
        assertFalse(camera.controls().guarded());

        Throwable offline = Await.failure(listener.eventBus().request(Addresses.DEVICE_CONTROL,
                DeviceControlRequest.of("34020000001329999999", null, DeviceControlRequest.Command.GUARD),
                new DeliveryOptions().setSendTimeout(10_000)), 30_000);
        assertEquals(ControlFailure.DEVICE_OFFLINE.code(), ((ReplyException) offline).failureCode());
    }

    private DeviceControlResult control(DeviceControlRequest request) {
        return (DeviceControlResult) Await.await(listener.eventBus().request(Addresses.DEVICE_CONTROL, request,
                new DeliveryOptions().setSendTimeout(10_000))).body();
    }
}
