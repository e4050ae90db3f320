package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.Catalog;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.DeviceStatus;
import io.gbmesh.contracts.OfflineReason;
import io.gbmesh.contracts.Transport;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.sipstack.SipTransport;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Our device simulator against the gateway, over UDP and over TCP. */
class SimulatedDeviceTest {
    private Vertx vertx;
    private int port;
    private BlockingQueue<DeviceOnline> online;
    private BlockingQueue<DeviceOffline> offline;
    private BlockingQueue<DeviceInfoUpdated> infos;
    private BlockingQueue<CatalogUpdated> catalogs;
    private DeviceSimulator simulator;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        online = TestSupport.collect(vertx, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        offline = TestSupport.collect(vertx, Addresses.DEVICE_OFFLINE, DeviceOffline.class);
        infos = TestSupport.collect(vertx, Addresses.DEVICE_INFO, DeviceInfoUpdated.class);
        catalogs = TestSupport.collect(vertx, Addresses.DEVICE_CATALOG, CatalogUpdated.class);
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port,
                "GB_SIP_PASSWORD", "12345678", "GB_QUERY_TIMEOUT_MS", "3000", "GB_CATALOG_TIMEOUT_MS", "3000"))));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            Await.await(simulator.close());
        }
        Await.await(vertx.close());
    }

    private SimulatorConfig device(SipTransport transport) {
        return SimulatorConfig.of("127.0.0.1", port).withTransport(transport).withPassword("12345678")
                .withCount(1, "3402000000132", 7).withChannels(5, 2, 0);
    }

    @ParameterizedTest
    @EnumSource(SipTransport.class)
    void aDeviceComesOnlineAndItsInfoAndChineseChannelNamesArrive(SipTransport transport) {
        simulator = Await.await(DeviceSimulator.start(vertx, device(transport)));
        String id = simulator.device(0).deviceId();
        DeviceOnline up = TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(id));
        assertEquals(transport == SipTransport.TCP ? Transport.TCP : Transport.UDP, up.transport());

        DeviceInfo info = TestSupport.next(infos, Duration.ofSeconds(5), e -> e.info().deviceId().equals(id)).info();
        assertEquals("gbmesh-sim", info.manufacturer());
        assertEquals(5, info.channelCount());

        Catalog catalog = TestSupport.next(catalogs, Duration.ofSeconds(8), e -> e.catalog().deviceId().equals(id)).catalog();
        assertTrue(catalog.complete());
        assertEquals(5, catalog.channels().size());
        assertEquals("前门摄像机", catalog.channels().get(0).name());
        assertEquals("大厅 #2", catalog.channels().get(1).name());
        assertEquals("停车场入口", catalog.channels().get(2).name());
    }

    @ParameterizedTest
    @EnumSource(SipTransport.class)
    void missedKeepalivesTakeTheDeviceOffline(SipTransport transport) {
        // the device's ConfigDownload announces a 1 s heartbeat and a count of 2: the gateway learns it
        simulator = Await.await(DeviceSimulator.start(vertx, device(transport).withTiming(3600, 1, 2)));
        SimulatedDevice d = simulator.device(0);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(d.deviceId()));
        Await.eventually("keepalives accepted", Duration.ofSeconds(8), () -> d.keepalivesAccepted() >= 2);
        d.pauseKeepalives();
        DeviceOffline gone = TestSupport.next(offline, Duration.ofSeconds(10), e -> e.deviceId().equals(d.deviceId()));
        assertEquals(OfflineReason.KEEPALIVE_TIMEOUT, gone.reason());
    }

    @Test
    void anExpiredRegistrationTakesTheDeviceOffline() {
        simulator = Await.await(DeviceSimulator.start(vertx, device(SipTransport.UDP).withTiming(2, 1, 3)));
        SimulatedDevice d = simulator.device(0);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(d.deviceId()));
        Await.await(d.close()); // gone without a word: no refresh, no keepalive
        DeviceOffline gone = TestSupport.next(offline, Duration.ofSeconds(10), e -> e.deviceId().equals(d.deviceId()));
        assertTrue(gone.reason() == OfflineReason.REGISTRATION_EXPIRED || gone.reason() == OfflineReason.KEEPALIVE_TIMEOUT);
    }

    @Test
    void catalogNotificationsUpdateTheChannelList() {
        simulator = Await.await(DeviceSimulator.start(vertx, device(SipTransport.UDP).withChannels(3, 3, 0)));
        SimulatedDevice d = simulator.device(0);
        TestSupport.next(catalogs, Duration.ofSeconds(8), e -> e.catalog().deviceId().equals(d.deviceId()) && e.changes().isEmpty());
        List<String> ids = d.channelIds();
        String added = d.deviceId().substring(0, 10) + "1319999999";
        java.util.Map<String, String> events = new java.util.LinkedHashMap<>();
        events.put(ids.get(0), "OFF");
        events.put(ids.get(1), "DEL");
        events.put(added, "ADD");
        assertEquals(200, Await.await(d.notifyCatalog(events, "新通道")));
        CatalogUpdated update = TestSupport.next(catalogs, Duration.ofSeconds(5), e -> e.catalog().deviceId().equals(d.deviceId())
                && !e.changes().isEmpty());
        assertEquals(3, update.changes().size());
        java.util.Map<String, io.gbmesh.contracts.Channel> now = new java.util.HashMap<>();
        update.catalog().channels().forEach(c -> now.put(c.channelId(), c));
        assertEquals(java.util.Set.of(ids.get(0), ids.get(2), added), now.keySet());
        assertEquals("OFF", now.get(ids.get(0)).status());
        assertEquals("新通道", now.get(added).name());
    }

    @Test
    void deviceStatusIsQueriedOnDemandThroughTheEventBus() {
        simulator = Await.await(DeviceSimulator.start(vertx, device(SipTransport.UDP)));
        String id = simulator.device(0).deviceId();
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(id));
        DeviceStatus status = (DeviceStatus) Await.await(vertx.eventBus()
                .request(Addresses.DEVICE_QUERY, DeviceQuery.of(id, DeviceQuery.Kind.DEVICE_STATUS))).body();
        assertEquals("ONLINE", status.online());
        assertEquals("OK", status.status());
    }

    @Test
    void aQueryForAnUnknownDeviceFailsAsOffline() {
        Throwable failure = Await.failure(vertx.eventBus().request(Addresses.DEVICE_QUERY,
                DeviceQuery.of("34020000001320009999", DeviceQuery.Kind.DEVICE_INFO)), Await.DEFAULT_FUTURE_MILLIS);
        assertTrue(failure instanceof ReplyException re && re.failureCode() == 503, String.valueOf(failure));
    }

    @Test
    void aDeviceThatAnnouncesMoreChannelsThanItSendsKeepsWhatCame() {
        simulator = Await.await(DeviceSimulator.start(vertx, device(SipTransport.UDP).withChannels(3, 2, 2)));
        String id = simulator.device(0).deviceId();
        Catalog catalog = TestSupport.next(catalogs, Duration.ofSeconds(10), e -> e.catalog().deviceId().equals(id)).catalog();
        assertFalse(catalog.complete());
        assertEquals(5, catalog.declaredSum());
        assertEquals(List.of("前门摄像机", "大厅 #2", "停车场入口"), catalog.channels().stream().map(c -> c.name()).toList());
    }
}
