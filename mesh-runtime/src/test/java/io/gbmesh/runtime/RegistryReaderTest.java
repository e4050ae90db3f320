package io.gbmesh.runtime;

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
import java.util.concurrent.TimeUnit;
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
        await(vertx.close());
    }

    private static <T> T await(Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static DeviceRegistration registration(String id, int port) {
        return new DeviceRegistration(id, "gw-1", Transport.UDP, "10.0.0.4", port, "sip:" + id + "@10.0.0.4", 1, 2, 3, 60, 3, null);
    }

    @Test
    void readsOneSomeOrAllRegistrationsAndLeavesOutWhatDoesNotDecode() throws Exception {
        AsyncMap<String, String> map = await(vertx.sharedData().<String, String>getAsyncMap(Addresses.REGISTRY_MAP));
        await(map.put(A, MeshCodec.toJsonString(registration(A, 5060))));
        await(map.put(B, MeshCodec.toJsonString(registration(B, 5070))));
        await(map.put(BROKEN, "{not json"));
        RegistryReader reader = await(RegistryReader.open(vertx));

        assertEquals(5060, await(reader.get(A)).remotePort());
        assertNull(await(reader.get("34020000001320000009")));
        assertNull(await(reader.get(BROKEN)));
        Map<String, DeviceRegistration> some = await(reader.getAll(List.of(B, BROKEN, "34020000001320000009")));
        assertEquals(Set.of(B), some.keySet());
        assertEquals(Set.of(B, BROKEN), await(reader.present(List.of(B, BROKEN, "34020000001320000009"))));
        assertEquals(Set.of(A, B), await(reader.entries()).keySet());
        assertEquals(3, await(reader.size()));
        assertEquals(3, reader.unreadable(), "each read of the broken entry counted");
    }

    @Test
    void anEntryFiledUnderAnotherDevicesKeyIsNotTaken() throws Exception {
        AsyncMap<String, String> map = await(vertx.sharedData().<String, String>getAsyncMap(Addresses.REGISTRY_MAP));
        await(map.put(A, MeshCodec.toJsonString(registration(B, 5070))));
        RegistryReader reader = await(RegistryReader.open(vertx));

        assertNull(await(reader.get(A)));
        assertEquals(Map.of(), await(reader.entries()));
    }
}
