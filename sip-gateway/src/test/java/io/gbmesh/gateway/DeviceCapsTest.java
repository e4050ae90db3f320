package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The per-device caps against simulated devices over UDP: a device with more channels than the gateway
 * keeps, one announcing SumNum=10^9, catalog notifications that add past the cap, and more queries at
 * once than a device may have waiting.
 */
class DeviceCapsTest {
    private Vertx vertx;
    private GatewayVerticle gateway;
    private int port;
    private DeviceSimulator simulator;
    private BlockingQueue<DeviceOnline> online;
    private BlockingQueue<CatalogUpdated> catalogs;

    private void startGateway(String... settings) {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        online = TestSupport.collect(vertx, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        catalogs = TestSupport.collect(vertx, Addresses.DEVICE_CATALOG, CatalogUpdated.class);
        List<String> pairs = new ArrayList<>(List.of("GB_SIP_PASSWORD", "12345678", "GB_CATALOG_TIMEOUT_MS", "20000"));
        pairs.addAll(List.of(settings));
        gateway = new GatewayVerticle(TestSupport.config(port, pairs.toArray(new String[0])));
        Await.await(vertx.deployVerticle(gateway));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            Await.await(simulator.close());
        }
        Await.await(vertx.close());
    }

    private SimulatedDevice device(int channels, int pageSize, int lieBy) {
        simulator = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withPassword("12345678").withCount(1, "3402000000132", 801).withChannels(channels, pageSize, lieBy)));
        return simulator.device(0);
    }

    private Catalog firstCatalog(String deviceId, Duration within) {
        return TestSupport.next(catalogs, within, e -> e.catalog().deviceId().equals(deviceId)).catalog();
    }

    @Test
    void channelsPastTheCapAreDroppedAndCounted() {
        startGateway("GB_MAX_CHANNELS", "5");
        SimulatedDevice d = device(12, 2, 0);
        Catalog catalog = firstCatalog(d.deviceId(), Duration.ofSeconds(10));
        assertEquals(5, catalog.channels().size());
        assertFalse(catalog.complete(), "a catalog cut at the cap is not complete");
        assertEquals(12, catalog.declaredSum());
        Await.eventually("dropped items counted", Duration.ofSeconds(5),
                () -> gateway.stats().get("catalog.channels.dropped") >= 1);
        assertEquals(1, gateway.stats().get("catalog.capped"));
    }

    @Test
    void aDeviceAnnouncingABillionChannelsCostsAtMostThePageCap() {
        startGateway("GB_MAX_CATALOG_PAGES", "3");
        SimulatedDevice d = device(6, 1, 1_000_000_000 - 6);
        Catalog catalog = firstCatalog(d.deviceId(), Duration.ofSeconds(10));
        // ended by the page cap (three of six channels), well before the 20 s catalog timeout
        assertEquals(3, catalog.channels().size());
        assertEquals(1_000_000_000, catalog.declaredSum());
        assertFalse(catalog.complete());
        assertEquals(1, gateway.stats().get("catalog.capped"));
    }

    @Test
    void aNotificationAddingPastTheCapKeepsTheKnownChannels() {
        startGateway("GB_MAX_CHANNELS", "3");
        SimulatedDevice d = device(3, 3, 0);
        Catalog before = firstCatalog(d.deviceId(), Duration.ofSeconds(10));
        assertTrue(before.complete());
        Map<String, String> events = new LinkedHashMap<>();
        events.put("34020000001310099991", "ADD");
        assertEquals(200, Await.await(d.notifyCatalog(events, "one too many")));
        CatalogUpdated update = TestSupport.next(catalogs, Duration.ofSeconds(5),
                e -> e.catalog().deviceId().equals(d.deviceId()) && !e.changes().isEmpty());
        assertEquals(before.channels().stream().map(c -> c.channelId()).toList(),
                update.catalog().channels().stream().map(c -> c.channelId()).toList());
        assertEquals(1, gateway.stats().get("catalog.channels.dropped"));
    }

    @Test
    void queriesPastTheCapOfPendingOnesAreRefusedAtOnce() {
        startGateway("GB_MAX_PENDING_QUERIES", "2", "GB_QUERY_ON_ONLINE", "false");
        SimulatedDevice d = device(2, 2, 0);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(d.deviceId()));
        List<Future<Object>> answers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            answers.add(vertx.eventBus().request(Addresses.DEVICE_QUERY, DeviceQuery.of(d.deviceId(), DeviceQuery.Kind.DEVICE_STATUS))
                    .map(m -> m.body()));
        }
        Await.await(Future.join(answers).otherwiseEmpty());
        long refused = answers.stream().filter(f -> f.failed() && f.cause() instanceof ReplyException re
                && re.failureCode() == QueryFailure.TOO_MANY_PENDING).count();
        long answered = answers.stream().filter(Future::succeeded).count();
        assertEquals(3, refused, "two may wait for the device, the other three are refused");
        assertEquals(2, answered);
        assertEquals(3, gateway.stats().get("query.refused.too-many-pending"));
        // the cap is on what waits, not on what was asked: the device is queried again once answered
        assertTrue(Await.await(vertx.eventBus().request(Addresses.DEVICE_QUERY,
                DeviceQuery.of(d.deviceId(), DeviceQuery.Kind.DEVICE_STATUS))).body() != null);
    }
}
