package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.runtime.MeshCluster;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two clustered gateway nodes and a requester on a third member: INVITEs and closes sent to the
 * shared addresses reach the node owning the device, whichever node takes them.
 */
class ClusteredMediaDialogTest {
    private final String cluster = "gbmesh-media-test-" + ThreadLocalRandom.current().nextInt(1_000_000);
    private final int hzPort = 17701 + ThreadLocalRandom.current().nextInt(200) * 10;
    private final List<Vertx> members = new ArrayList<>();
    private Vertx simulatorVertx;
    private DeviceSimulator simulator;

    private Vertx member() {
        Vertx v = Await.await(MeshCluster.start(MeshCluster.Settings.loopback(cluster, hzPort)));
        members.add(v);
        return v;
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            Await.await(simulator.close());
        }
        if (simulatorVertx != null) {
            Await.await(simulatorVertx.close());
        }
        for (Vertx v : members) {
            Await.await(v.close());
        }
    }

    @Test
    void invitesAndClosesAreRoutedToTheOwnerNode() throws Exception {
        Vertx requester = member();
        BlockingQueue<DeviceOnline> online = TestSupport.collect(requester, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        Vertx nodeA = member();
        Vertx nodeB = member();
        int portA = TestSupport.freePort();
        for (Object[] node : new Object[][] {{nodeA, "gw-a", portA}, {nodeB, "gw-b", TestSupport.freePort()}}) {
            Await.await(((Vertx) node[0]).deployVerticle(new GatewayVerticle(TestSupport.config((Integer) node[2],
                    "GB_NODE_ID", (String) node[1], "GB_SIP_PASSWORD", "12345678", "GB_QUERY_ON_ONLINE", "false"))));
        }
        simulatorVertx = Vertx.vertx();
        simulator = Await.await(DeviceSimulator.start(simulatorVertx, SimulatorConfig.of("127.0.0.1", portA)
                .withPassword("12345678").withCount(1, "3402000000132", 400)));
        SimulatedDevice d = simulator.device(0);
        TestSupport.next(online, Duration.ofSeconds(15), e -> e.deviceId().equals(d.deviceId()));

        DeliveryOptions wait = new DeliveryOptions().setSendTimeout(15_000);
        List<MediaReceiver> receivers = new ArrayList<>();
        try {
            // the shared addresses have a consumer on each node: four requests reach both of them
            for (int i = 0; i < 4; i++) {
                MediaReceiver receiver = MediaReceiver.open(MediaTransport.UDP);
                receivers.add(receiver);
                String ssrc = "00000104" + String.format("%02d", i);
                InviteAnswer answer = (InviteAnswer) Await.await(requester.eventBus().request(Addresses.INVITE,
                        new InviteRequest("cluster-" + i, d.deviceId(), d.channelIds().get(0), StreamKind.PLAY, "127.0.0.1",
                                receiver.port(), MediaTransport.UDP, ssrc, 0, 0, 0), wait)).body();
                assertEquals("gw-a", answer.gatewayNode());
                assertNotNull(receiver.next(Duration.ofSeconds(5)), "RTP of stream " + i);
            }
            for (int i = 0; i < 4; i++) {
                Await.await(requester.eventBus().request(Addresses.BYE, new CloseStream("cluster-" + i, "test"), wait));
            }
            Await.eventually("every stream closed", Duration.ofSeconds(3), () -> d.media().callIds().isEmpty());
            for (MediaReceiver r : receivers) {
                assertTrue(r.silentFor(Duration.ofMillis(300)));
            }
        } finally {
            for (MediaReceiver r : receivers) {
                r.close();
            }
        }
    }
}
