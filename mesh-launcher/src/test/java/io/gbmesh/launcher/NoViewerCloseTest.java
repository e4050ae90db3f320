package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.api.streams.ActiveStream;
import io.gbmesh.api.streams.StreamOrchestrator;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.simulator.SimulatedDevice;
import io.vertx.core.Vertx;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A live stream nobody watches is closed: the node frees its port and the device gets its BYE. */
class NoViewerCloseTest {
    private OneJvmMesh mesh;

    @AfterEach
    void stop() throws Exception {
        if (mesh != null) {
            mesh.close();
        }
    }

    @Test
    void aStreamWithoutViewerIsClosedWithByeAndItsPortReturns() throws Exception {
        mesh = new OneJvmMesh("novi", 35000, 5000, 2000, 2);
        Vertx vertx = mesh.vertx;
        MediaNodeVerticle media = mesh.media;
        StreamOrchestrator orchestrator = mesh.orchestrator;
        SimulatedDevice device = mesh.device();
        BlockingQueue<StreamStopped> stopped = new LinkedBlockingQueue<>();
        await(vertx.eventBus().consumer(Addresses.STREAM_STOPPED, m -> stopped.add((StreamStopped) m.body())).completion());
        int freeBefore = media.freePorts();

        ActiveStream stream = await(orchestrator.live(device.deviceId(), device.channelIds().get(0), MediaTransport.UDP, 0));
        assertEquals(freeBefore - 1, media.freePorts());
        assertEquals(1, device.media().streaming());

        StreamStopped stop = stopped.poll(10, TimeUnit.SECONDS);
        assertTrue(stop != null, "no StreamStopped within 10 s");
        assertEquals(stream.streamId(), stop.streamId());
        assertEquals("no-viewer", stop.reason());
        long until = System.currentTimeMillis() + 5000;
        while ((device.media().streaming() > 0 || media.freePorts() != freeBefore) && System.currentTimeMillis() < until) {
            Thread.sleep(50);
        }
        assertEquals(0, device.media().streaming(), "the device got its BYE and stopped sending");
        assertEquals(freeBefore, media.freePorts(), "the port is back in the pool");
        assertTrue(await(orchestrator.streams()).isEmpty());
    }
}
