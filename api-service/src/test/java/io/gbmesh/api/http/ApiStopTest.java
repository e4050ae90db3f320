package io.gbmesh.api.http;

import static io.gbmesh.api.store.DeviceEvents.T0;
import static io.gbmesh.api.store.DeviceEvents.online;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.api.store.WriterThreads;
import io.gbmesh.contracts.Addresses;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Stopping the API service leaves no thread of its own behind: the device events' writer thread ends with it. */
class ApiStopTest {

    @Test
    void theWriterThreadEndsWhenTheServiceIsUndeployed() {
        Set<Thread> before = WriterThreads.alive();
        TestApi api = TestApi.start(Vertx.vertx(), "stop", Map.of());
        Set<Thread> first;
        Set<Thread> second;
        try {
            api.vertx.eventBus().publish(Addresses.DEVICE_ONLINE, online("34020000001320000001", T0));
            TestApi.eventually(() -> api.eventsWritten() == 1, "the event written");
            first = WriterThreads.since(before); // the thread starts with its first task
            assertEquals(1, first.size(), "one writer thread: " + first);

            api.restart(); // undeployed, then deployed again on the same database
            TestApi.eventually(() -> WriterThreads.allEnded(first), "the first writer thread ended: " + first);
            api.vertx.eventBus().publish(Addresses.DEVICE_ONLINE, online("34020000001320000002", T0));
            TestApi.eventually(() -> api.get("/api/v1/devices/34020000001320000002").status() == 200,
                    "an event written by the new service");
            second = WriterThreads.since(before);
            assertEquals(1, second.size(), "one writer thread again: " + second);
            assertEquals(200, api.get("/api/v1/devices/34020000001320000001").status());
        } finally {
            api.close(); // undeploys, drops the schema, closes Vert.x
        }
        TestApi.eventually(() -> WriterThreads.allEnded(second), "the second writer thread ended: " + second);
        assertEquals(Set.of(), WriterThreads.since(before), "no writer thread left");
    }
}
