package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.AlarmRaised;
import io.gbmesh.contracts.MobilePosition;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Alarms and positions from a registered device over a real socket: by MESSAGE (answered 200 and
 * confirmed with a Response Alarm MESSAGE, GB/T 28181-2016 §9.4.2) or by NOTIFY (answered 200), each
 * published on the event bus; a NOTIFY from another address changes nothing; a storm is published at
 * the device's rate without losing what is accepted.
 */
class AlarmIntakeTest {
    private static final String DEVICE = "34020000001320000911";

    private Vertx vertx;
    private GatewayVerticle gateway;
    private int port;
    private RawDevice device;
    private RawDevice stranger;

    private void start(String... env) throws Exception {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        String[] all = new String[env.length + 2];
        all[0] = "GB_QUERY_ON_ONLINE";
        all[1] = "false";
        System.arraycopy(env, 0, all, 2, env.length);
        gateway = new GatewayVerticle(TestSupport.config(port, all));
        Await.await(vertx.deployVerticle(gateway));
        device = RawDevice.udp(port);
        stranger = RawDevice.udp(port);
        assertEquals(200, device.register(DEVICE));
    }

    @AfterEach
    void stop() throws Exception {
        device.close();
        stranger.close();
        Await.await(vertx.close());
    }

    private static String alarmBody(long sn, String priority) {
        return "<?xml version=\"1.0\" encoding=\"GB2312\"?>\n<Notify>\n<CmdType>Alarm</CmdType>\n<SN>" + sn + "</SN>\n"
                + "<DeviceID>" + DEVICE + "</DeviceID>\n<AlarmPriority>" + priority + "</AlarmPriority>\n"
                + "<AlarmMethod>5</AlarmMethod>\n<AlarmTime>2025-04-22T11:26:02</AlarmTime>\n"
                + "<AlarmDescription>motion</AlarmDescription>\n<Longitude>116.39</Longitude>\n<Latitude>39.91</Latitude>\n"
                + "<Info>\n<AlarmType>2</AlarmType>\n</Info>\n</Notify>\n";
    }

    @Test
    void anAlarmMessageIsAnsweredConfirmedWithAResponseAndPublished() throws Exception {
        start();
        BlockingQueue<AlarmRaised> alarms = TestSupport.collect(vertx, Addresses.DEVICE_ALARM, AlarmRaised.class);

        assertEquals(200, device.message(DEVICE, alarmBody(99, "4")));

        SipRequest confirmation = (SipRequest) device.receive(m -> m instanceof SipRequest r && r.is("MESSAGE"));
        ManscdpDocument doc = ManscdpCodec.parse(confirmation.body());
        assertEquals("Response/Alarm SN=99 DeviceID=" + DEVICE, doc.toString());
        assertEquals("OK", doc.text("Result").orElseThrow());
        device.answer(confirmation, 200);
        AlarmRaised a = TestSupport.next(alarms, Duration.ofSeconds(5), x -> true);
        assertEquals(DEVICE, a.deviceId());
        assertEquals(DEVICE, a.channelId());
        assertEquals("4", a.priority());
        assertEquals("5", a.method());
        assertEquals("2", a.type());
        assertEquals("2025-04-22T11:26:02", a.alarmTime());
        assertEquals("motion", a.description());
        assertEquals(116.39, a.longitude());
        assertEquals(AlarmRaised.VIA_MESSAGE, a.via());
        assertTrue(a.rawBody().contains("<AlarmPriority>4</AlarmPriority>"));
        assertEquals(36, a.alarmId().length());
    }

    @Test
    void anAlarmNotifyFromTheBoundDeviceIsAcceptedAndFromElsewhereRefused() throws Exception {
        start();
        BlockingQueue<AlarmRaised> alarms = TestSupport.collect(vertx, Addresses.DEVICE_ALARM, AlarmRaised.class);

        assertEquals(403, stranger.notifyRequest(DEVICE, "forged-1", alarmBody(1, "1")));
        assertEquals(200, device.notifyRequest(DEVICE, "sub-1", alarmBody(2, "2")));

        AlarmRaised a = TestSupport.next(alarms, Duration.ofSeconds(5), x -> true);
        assertEquals("2", a.priority(), "only the bound device's alarm");
        assertEquals(AlarmRaised.VIA_NOTIFY, a.via());
        assertTrue(alarms.isEmpty());
    }

    @Test
    void aPositionNotifyIsPublished() throws Exception {
        start();
        BlockingQueue<MobilePosition> positions = TestSupport.collect(vertx, Addresses.DEVICE_POSITION, MobilePosition.class);

        assertEquals(200, device.notifyRequest(DEVICE, "sub-2", RawDevice.notify("MobilePosition", DEVICE,
                "<Time>2025-04-22T11:26:02</Time>\r\n<Longitude>116.5</Longitude>\r\n<Latitude>39.5</Latitude>\r\n"
                        + "<Speed>20</Speed>\r\n<Direction>90</Direction>\r\n")));

        MobilePosition p = TestSupport.next(positions, Duration.ofSeconds(5), x -> true);
        assertEquals(DEVICE, p.deviceId());
        assertEquals(116.5, p.longitude());
        assertEquals(39.5, p.latitude());
        assertEquals(20.0, p.speed());
        assertEquals(null, p.altitude());
    }

    @Test
    void aSubscribedCatalogNotifyChangesTheChannelsAsTheMessageDoes() throws Exception {
        start();
        BlockingQueue<io.gbmesh.contracts.CatalogUpdated> catalogs = TestSupport.collect(vertx, Addresses.DEVICE_CATALOG,
                io.gbmesh.contracts.CatalogUpdated.class);
        String channel = "34020000001310000911";

        assertEquals(200, device.notifyRequest(DEVICE, "sub-3", RawDevice.catalogAdd(DEVICE, channel, "gate")));

        io.gbmesh.contracts.CatalogUpdated c = TestSupport.next(catalogs, Duration.ofSeconds(5), x -> true);
        assertEquals(DEVICE, c.catalog().deviceId());
        assertEquals(channel, c.catalog().channels().get(0).channelId());
        assertEquals("gate", c.catalog().channels().get(0).name());
        assertEquals("ADD", c.changes().get(0).event());
    }

    @Test
    void aStormIsPublishedAtTheDevicesRateWithoutLosingWhatWasAccepted() throws Exception {
        start("GB_ALARM_RATE", "50", "GB_ALARM_BURST", "10", "GB_ALARM_QUEUE", "1000");
        BlockingQueue<AlarmRaised> alarms = TestSupport.collect(vertx, Addresses.DEVICE_ALARM, AlarmRaised.class);

        for (int i = 0; i < 100; i++) {
            device.sendMessage(DEVICE, alarmBody(1000 + i, "1"));
        }

        Set<String> sns = new HashSet<>();
        long[] at = new long[100];
        for (int i = 0; i < 100; i++) {
            AlarmRaised a = TestSupport.next(alarms, Duration.ofSeconds(10), x -> true);
            at[i] = System.nanoTime();
            String raw = a.rawBody();
            sns.add(raw.substring(raw.indexOf("<SN>") + 4, raw.indexOf("</SN>")));
        }
        assertEquals(100, sns.size(), "every accepted alarm published once");
        // a token bucket: the k-th publication comes no sooner than (k - burst) / rate after the first
        for (int k = 10; k < 100; k++) {
            long millis = (at[k] - at[0]) / 1_000_000;
            // 150 ms of slack: the test thread may take the first ones late on a loaded machine; without the
            // bucket all 100 come within a few milliseconds
            assertTrue(millis >= (k - 10) * 20L - 150, "publication " + k + " after " + millis + " ms: faster than 50/s");
        }
        assertTrue(gateway.stats().snapshot().getOrDefault("alarm.delayed.storm", 0L) > 0);
    }

    @Test
    void pastTheQueueAStormsAlarmsAreDroppedBeforePublishingAndCounted() throws Exception {
        start("GB_ALARM_RATE", "20", "GB_ALARM_BURST", "10", "GB_ALARM_QUEUE", "30");
        BlockingQueue<AlarmRaised> alarms = TestSupport.collect(vertx, Addresses.DEVICE_ALARM, AlarmRaised.class);

        for (int i = 0; i < 100; i++) {
            device.sendMessage(DEVICE, alarmBody(2000 + i, "1"));
        }

        Await.eventually("all 100 received", Duration.ofSeconds(10),
                () -> gateway.stats().snapshot().getOrDefault("alarm.received", 0L) == 100);
        long dropped = gateway.stats().snapshot().getOrDefault("alarm.dropped.storm", 0L);
        Await.eventually("every alarm not dropped is published", Duration.ofSeconds(10), () -> alarms.size() == 100 - dropped);
        assertTrue(dropped > 0, "a storm of 100 over a queue of 30 drops some, dropped " + dropped);
    }
}
