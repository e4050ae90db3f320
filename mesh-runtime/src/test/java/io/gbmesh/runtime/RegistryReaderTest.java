package io.gbmesh.runtime;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The registry as every role reads it: entries decoded once, and an entry that does not decode is absent. */
class RegistryReaderTest {
    private static final String A = "34020000001320000001";
    private static final String B = "34020000001320000002";
    private static final String BROKEN = "34020000001320000003";

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        await(vertx.close(), 10_000);
    }

    private static DeviceRegistration registration(String id, int port) {
        return new DeviceRegistration(id, "gw-1", Transport.UDP, "10.0.0.4", port, "sip:" + id + "@10.0.0.4", 1, 2, 3, 60, 3, null);
    }

    @Test
    void readsOneSomeOrAllRegistrationsAndLeavesOutWhatDoesNotDecode() throws Exception {
        AsyncMap<String, String> map = await(vertx.sharedData().<String, String>getAsyncMap(Addresses.REGISTRY_MAP), 10_000);
        await(map.put(A, MeshCodec.toJsonString(registration(A, 5060))), 10_000);
        await(map.put(B, MeshCodec.toJsonString(registration(B, 5070))), 10_000);
        await(map.put(BROKEN, "{not json"), 10_000);
        RegistryReader reader = await(RegistryReader.open(vertx), 10_000);

        assertEquals(5060, await(reader.get(A), 10_000).remotePort());
        assertNull(await(reader.get("34020000001320000009"), 10_000));
        assertNull(await(reader.get(BROKEN), 10_000));
        Map<String, DeviceRegistration> some = await(reader.getAll(List.of(B, BROKEN, "34020000001320000009")), 10_000);
        assertEquals(Set.of(B), some.keySet());
        assertEquals(Set.of(B, BROKEN), await(reader.present(List.of(B, BROKEN, "34020000001320000009")), 10_000));
        assertEquals(Set.of(A, B), await(reader.entries(), 10_000).keySet());
        assertEquals(3, await(reader.size(), 10_000));
        assertEquals(3, reader.unreadable(), "each read of the broken entry counted");
    }

    @Test
    void anEntryFiledUnderAnotherDevicesKeyIsNotTaken() throws Exception {
        AsyncMap<String, String> map = await(vertx.sharedData().<String, String>getAsyncMap(Addresses.REGISTRY_MAP), 10_000);
        await(map.put(A, MeshCodec.toJsonString(registration(B, 5070))), 10_000);
        RegistryReader reader = await(RegistryReader.open(vertx), 10_000);

        assertNull(await(reader.get(A), 10_000));
        assertEquals(Map.of(), await(reader.entries(), 10_000));
    }
}
