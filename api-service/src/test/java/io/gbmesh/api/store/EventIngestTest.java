package io.gbmesh.api.store;

import java.time.Duration;
import io.gbmesh.testing.Await;
import static io.gbmesh.api.store.DeviceEvents.T0;
import static io.gbmesh.api.store.DeviceEvents.catalog;
import static io.gbmesh.api.store.DeviceEvents.channel;
import static io.gbmesh.api.store.DeviceEvents.deviceId;
import static io.gbmesh.api.store.DeviceEvents.info;
import static io.gbmesh.api.store.DeviceEvents.offline;
import static io.gbmesh.api.store.DeviceEvents.online;
import static io.gbmesh.api.store.TestPostgres.await;
import static io.gbmesh.api.store.TestPostgres.count;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EventIngestTest {
    private static Vertx vertx;
    private static Database db;

    private Pool viaProxy;
    /** Where an ingest connects through the relay. */
    private PgConnectOptions proxied;
    private NetServer proxy;
    private int proxyPort;
    private String deployment;
    /** The connections the relay holds open now. */
    private final java.util.concurrent.atomic.AtomicInteger relayed = new java.util.concurrent.atomic.AtomicInteger();

    @BeforeAll
    static void open() {
        vertx = Vertx.vertx();
        MeshCodec.register(vertx.eventBus());
        db = await(Database.start(vertx, TestPostgres.freshSchema("ingest")));
        await(new Migrator(db.pool()).migrate());
    }

    @AfterAll
    static void close() {
        TestPostgres.drop(db);
        await(vertx.close());
    }

    /** A pool that reaches the database through a TCP relay the test can cut and restore. */
    @BeforeEach
    void pool() throws Exception {
        await(db.pool().query("TRUNCATE devices, channels, device_events").execute());
        proxyPort = io.gbmesh.testing.FreePorts.tcpAndUdp();
        PgConnectOptions target = db.connectOptions();
        PgConnectOptions options = new PgConnectOptions(target).setHost("127.0.0.1").setPort(proxyPort);
        viaProxy = PgBuilder.pool().connectingTo(options).using(vertx).build();
        proxied = options;
    }

    @AfterEach
    void closePool() {
        if (deployment != null) {
            await(vertx.undeploy(deployment));
        }
        await(viaProxy.close());
        if (proxy != null) {
            await(proxy.close());
        }
    }

    private void databaseReachable() {
        PgConnectOptions target = db.connectOptions();
        NetClient client = vertx.createNetClient();
        proxy = vertx.createNetServer().connectHandler(in -> {
            relayed.incrementAndGet();
            in.closeHandler(v -> relayed.decrementAndGet());
            in.pause();
            client.connect(target.getPort(), target.getHost()).onSuccess(out -> {
                in.pipeTo(out);
                out.pipeTo(in);
                in.resume();
            }).onFailure(err -> in.close());
        });
        await(proxy.listen(proxyPort, "127.0.0.1"));
    }

    private EventIngest deploy(EventIngest ingest) {
        deployment = await(vertx.deployVerticle(ingest));
        return ingest;
    }

    /** 40 devices: online, info, a two-channel catalog, and offline for the even ones: 150 events. */
    private static int publishTraffic(EventBus bus) {
        int sent = 0;
        for (int i = 1; i <= 40; i++) {
            String id = deviceId(i);
            bus.publish(Addresses.DEVICE_ONLINE, online(id, T0));
            bus.publish(Addresses.DEVICE_INFO, info(id, "Uniview", T0 + 1));
            bus.publish(Addresses.DEVICE_CATALOG, catalog(id, true, T0 + 2,
                    List.of(channel(id.substring(0, 12) + "13100000" + 1, "c1", "ON"),
                            channel(id.substring(0, 12) + "13100000" + 2, "c2", "ON")), List.of()));
            sent += 3;
            if (i % 2 == 0) {
                bus.publish(Addresses.DEVICE_OFFLINE, offline(id, T0 + 3));
                sent++;
            }
        }
        return sent;
    }

    private void assertTrafficStored() {
        assertEquals(40, count(db, "SELECT count(*) FROM devices"));
        assertEquals(20, count(db, "SELECT count(*) FROM devices WHERE online"));
        assertEquals(40, count(db, "SELECT count(*) FROM devices WHERE manufacturer = 'Uniview'"));
        assertEquals(80, count(db, "SELECT count(*) FROM channels"));
        assertEquals(60, count(db, "SELECT count(*) FROM device_events"));
    }

    @Test
    void publishedDeviceEventsAreWritten() throws Exception {
        databaseReachable();
        EventIngest ingest = deploy(new EventIngest(proxied));

        int sent = publishTraffic(vertx.eventBus());

        Await.eventually("all written, now " + ingest.written(), Duration.ofSeconds(30), () -> ingest.written() == sent);
        assertTrafficStored();
        assertEquals(0, ingest.retries());
    }

    @Test
    void eventsWaitWhileTheDatabaseIsUnreachableAndNoneIsLost() throws Exception {
        EventIngest ingest = deploy(new EventIngest(proxied, 1000, 20, 200));

        int sent = publishTraffic(vertx.eventBus());
        Await.eventually("all received, retrying", Duration.ofSeconds(30), () -> ingest.retries() >= 3 && ingest.pending() == sent);
        assertEquals(0, ingest.written());

        databaseReachable();

        Await.eventually("all written after the database came back", Duration.ofSeconds(30), () -> ingest.written() == sent);
        assertEquals(0, ingest.pending());
        assertEquals(0, ingest.overflowed());
        assertTrafficStored();
    }

    @Test
    void pastItsCapacityTheQueueDropsTheOldestAndCountsThem() throws Exception {
        EventIngest ingest = deploy(new EventIngest(proxied, 10, 20, 200));
        EventBus bus = vertx.eventBus();

        for (int i = 1; i <= 15; i++) {
            bus.publish(Addresses.DEVICE_ONLINE, online(deviceId(i), T0));
        }
        Await.eventually("queued", Duration.ofSeconds(30), () -> ingest.overflowed() >= 1 && ingest.pending() + ingest.overflowed() == 15);
        databaseReachable();

        Await.eventually("drained", Duration.ofSeconds(30), () -> ingest.pending() == 0);
        assertEquals(15, ingest.written() + ingest.overflowed());
        assertTrue(ingest.overflowed() >= 5 - 4, "at most the in-flight writes escaped the bound");
        assertEquals(ingest.written(), count(db, "SELECT count(*) FROM devices"));
        assertEquals(1, count(db, "SELECT count(*) FROM devices WHERE device_id = '" + deviceId(15) + "'"),
                "the newest events are kept");
    }

    @Test
    void anEventTheDatabaseRefusesIsSkippedAndTheRestGoOn() throws Exception {
        databaseReachable();
        EventIngest ingest = deploy(new EventIngest(proxied));
        EventBus bus = vertx.eventBus();

        bus.publish(Addresses.DEVICE_ONLINE, online("3402000000132000000100", T0)); // 22 digits: too long
        bus.publish(Addresses.DEVICE_ONLINE, online(deviceId(2), T0));

        Await.eventually("one rejected, one written", Duration.ofSeconds(30), () -> ingest.rejected() == 1 && ingest.written() == 1);
        assertEquals(1, count(db, "SELECT count(*) FROM devices"));
    }

    @Test
    void aBatchWithARefusedEventWritesAllTheOthers() throws Exception {
        databaseReachable();
        EventIngest ingest = deploy(new EventIngest(proxied));
        EventBus bus = vertx.eventBus();
        for (int i = 1; i <= 60; i++) {
            bus.publish(Addresses.DEVICE_ONLINE, i == 30 ? online("3402000000132000000100", T0) : online(deviceId(i), T0));
        }
        Await.eventually("one rejected, 59 written", Duration.ofSeconds(30), () -> ingest.rejected() == 1 && ingest.written() == 59);
        assertEquals(59, count(db, "SELECT count(*) FROM devices"));
        assertEquals(59, count(db, "SELECT count(*) FROM device_events WHERE kind = 'ONLINE'"));
    }

    @Test
    void aDevicesEventsAllGoThroughOneLaneAndDevicesSpreadOverAll() {
        java.util.Set<Integer> used = new java.util.HashSet<>();
        for (int i = 1; i <= 200; i++) {
            String id = deviceId(i);
            int lane = EventIngest.lane(online(id, T0));
            assertEquals(lane, EventIngest.lane(offline(id, T0 + 1)));
            assertEquals(lane, EventIngest.lane(info(id, "Uniview", T0)));
            assertEquals(lane, EventIngest.lane(catalog(id, true, T0, List.of(), List.of())));
            assertEquals(lane, EventIngest.lane(new io.gbmesh.contracts.StreamStopped("s-" + i, id, id, "m-1", "BYE", null, T0)));
            used.add(lane);
        }
        assertEquals(EventIngest.LANES, used.size());
    }

    @Test
    void manyDevicesEventsInterleavedEndInEachDevicesLatestState() throws Exception {
        databaseReachable();
        EventIngest ingest = deploy(new EventIngest(proxied));
        EventBus bus = vertx.eventBus();
        int devices = 1500;
        int sent = 0;
        // in rounds, as a storm gives them: every device online, then every info, catalog, and offline for every third
        for (int i = 1; i <= devices; i++) {
            bus.publish(Addresses.DEVICE_ONLINE, online(deviceId(i), T0));
            sent++;
        }
        for (int i = 1; i <= devices; i++) {
            String id = deviceId(i);
            bus.publish(Addresses.DEVICE_INFO, info(id, "Uniview", T0 + 1));
            bus.publish(Addresses.DEVICE_CATALOG, catalog(id, true, T0 + 2,
                    List.of(channel(id.substring(0, 12) + "13100000" + 1, "c1", "ON")), List.of()));
            sent += 2;
            if (i % 3 == 0) {
                bus.publish(Addresses.DEVICE_OFFLINE, offline(id, T0 + 3));
                bus.publish(Addresses.DEVICE_ONLINE, online(id, T0 + 4));
                sent += 2;
            }
        }
        int total = sent;
        Await.eventually("all written, now " + ingest.written(), Duration.ofSeconds(30), () -> ingest.written() == total);
        assertEquals(devices, count(db, "SELECT count(*) FROM devices WHERE online AND catalog_at IS NOT NULL"
                + " AND channels_known = 1 AND manufacturer = 'Uniview'"));
        assertEquals(devices + devices / 3 * 2, count(db, "SELECT count(*) FROM device_events"));
        assertEquals(0, ingest.retries());
        assertEquals(0, ingest.rejected());
    }

    @Test
    void theWriterThreadEndsWhenTheIngestIsUndeployedAndThePoolGoesOn() throws Exception {
        databaseReachable();
        java.util.Set<Thread> before = WriterThreads.alive();
        EventIngest ingest = deploy(new EventIngest(proxied));
        vertx.eventBus().publish(Addresses.DEVICE_ONLINE, online(deviceId(1), T0));
        Await.eventually("the event written (a connection opened on the writer thread)", Duration.ofSeconds(30), () -> ingest.written() == 1);
        // the thread starts with its first task
        java.util.Set<Thread> mine = WriterThreads.since(before);
        assertEquals(1, mine.size(), "one writer thread of this ingest: " + mine);

        await(vertx.undeploy(deployment));
        deployment = null;
        Await.eventually("the writer thread ended: " + mine, Duration.ofSeconds(30), () -> WriterThreads.allEnded(mine));
        // the ingest's own connections closed with it; the service's pool was never theirs
        Await.eventually("the ingest's connections closed: " + relayed.get(), Duration.ofSeconds(30), () -> relayed.get() == 0);
        assertEquals(1, await(viaProxy.query("SELECT count(*) FROM devices WHERE online").execute())
                .iterator().next().getLong(0));
        await(new DeviceStore(viaProxy).ping());
    }

    @Test
    void aQueryOfTheServicesPoolInFlightWhileTheIngestStopsIsAnswered() throws Exception {
        databaseReachable();
        // the service's pool, one connection: had the ingest written through it, that connection would do its
        // I/O on the writer thread, and the query below would run on it when the thread ends
        Pool service = PgBuilder.pool().with(new io.vertx.sqlclient.PoolOptions().setMaxSize(1)).connectingTo(proxied)
                .using(vertx).build();
        try {
            await(service.query("SELECT 1").execute());
            EventIngest ingest = deploy(new EventIngest(proxied));
            vertx.eventBus().publish(Addresses.DEVICE_ONLINE, online(deviceId(1), T0));
            Await.eventually("the event written", Duration.ofSeconds(30), () -> ingest.written() == 1);
            var slow = service.query("SELECT 7 FROM pg_sleep(0.5)").execute();
            await(vertx.undeploy(deployment));
            deployment = null;
            assertEquals(7, await(slow).iterator().next().getInteger(0), "answered across the ingest's stop");
            assertEquals(1, count(db, "SELECT count(*) FROM devices WHERE online"));
        } finally {
            await(service.close());
        }
    }

    @Test
    void theWritesGoOnWhileTheVerticlesEventLoopIsBusy() throws Exception {
        // one event loop for everything, as a busy SIP gateway sharing it would leave it
        Vertx oneLoop = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(1));
        java.util.concurrent.atomic.AtomicBoolean busy = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        try {
            MeshCodec.register(oneLoop.eventBus());
            EventIngest ingest = new EventIngest(db.connectOptions());
            await(oneLoop.deployVerticle(ingest));
            for (int i = 1; i <= 3; i++) {
                oneLoop.eventBus().publish(Addresses.DEVICE_ONLINE, online(deviceId(i), T0));
            }
            // queued on the loop after the events' delivery: the loop is held until the rows are there
            oneLoop.runOnContext(v -> {
                try {
                    release.await(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    busy.set(false);
                }
            });
            Await.eventually("the rows", Duration.ofSeconds(30), () -> count(db, "SELECT count(*) FROM devices WHERE online") == 3 || !busy.get());
            assertTrue(busy.get(), "written while the verticle's event loop was held");
            release.countDown();
            Await.eventually("the outcome back on the verticle's context", Duration.ofSeconds(30), () -> ingest.written() == 3);
            assertEquals(0, ingest.pending());
        } finally {
            release.countDown();
            await(oneLoop.close());
        }
    }
}
