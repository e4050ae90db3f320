package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceSubscriptions;
import io.gbmesh.contracts.SubscriptionState;
import io.gbmesh.contracts.SubscriptionsQuery;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.nio.charset.Charset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's subscriptions over a real socket: SUBSCRIBE catalog, alarm and position when a device
 * comes online, refreshed in their dialog before the granted expiry, ended with {@code Expires: 0} when
 * the device unregisters and when the gateway stops; a device that refuses is not asked again.
 */
class SubscriptionLifecycleTest {
    private static final String DEVICE = "34020000001320000901";
    private static final Charset GB = Charset.forName("GB18030");

    private Vertx vertx;
    private GatewayVerticle gateway;
    private String deployment;
    private int port;
    private RawDevice device;

    private void start(String... env) throws Exception {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        String[] all = new String[env.length + 4];
        System.arraycopy(new String[] {"GB_QUERY_ON_ONLINE", "false", "GB_SUBSCRIBE_EXPIRES", "30"}, 0, all, 0, 4);
        System.arraycopy(env, 0, all, 4, env.length);
        gateway = new GatewayVerticle(TestSupport.config(port, all));
        deployment = Await.await(vertx.deployVerticle(gateway));
        device = RawDevice.udp(port);
    }

    @AfterEach
    void stop() throws Exception {
        if (device != null) {
            device.close();
        }
        if (vertx != null) {
            Await.await(vertx.close());
        }
    }

    private SipRequest nextSubscribe() throws Exception {
        SipMessage m = device.receive(x -> x instanceof SipRequest r && r.is("SUBSCRIBE"));
        return (SipRequest) m;
    }

    private static String cmdType(SipRequest r) {
        String body = new String(r.body(), GB);
        int at = body.indexOf("<CmdType>") + 9;
        return body.substring(at, body.indexOf('<', at));
    }

    /** The three first SUBSCRIBEs, answered 200 granting {@code grantedSeconds}, by CmdType. */
    private Map<String, SipRequest> acceptAll(int grantedSeconds) throws Exception {
        Map<String, SipRequest> byCmd = new HashMap<>();
        while (byCmd.size() < 3) {
            SipRequest r = nextSubscribe();
            byCmd.put(cmdType(r), r);
            device.answer(r, 200, "Expires", grantedSeconds);
        }
        return byCmd;
    }

    private List<SubscriptionState> states() {
        DeviceSubscriptions answer = (DeviceSubscriptions) Await.await(vertx.eventBus()
                .request(Addresses.gatewaySubscriptions(gateway.nodeId()), new SubscriptionsQuery(DEVICE))).body();
        return answer.subscriptions();
    }

    @Test
    void aDeviceComingOnlineIsSubscribedToCatalogAlarmAndPositionWithTheEventsDevicesExpect() throws Exception {
        start("GB_SUBSCRIBE", "catalog,alarm,position");
        assertEquals(200, device.register(DEVICE));

        Map<String, SipRequest> subs = acceptAll(30);

        assertEquals(Set.of("Catalog", "Alarm", "MobilePosition"), subs.keySet());
        assertTrue(subs.get("Catalog").first("Event").orElseThrow().startsWith("Catalog;id="));
        assertEquals("presence", subs.get("Alarm").first("Event").orElseThrow());
        assertEquals("presence", subs.get("MobilePosition").first("Event").orElseThrow());
        assertEquals("30", subs.get("Alarm").first("Expires").orElseThrow());
        assertTrue(new String(subs.get("MobilePosition").body(), GB).contains("<Interval>5</Interval>"));
        Await.eventually("three active subscriptions", java.time.Duration.ofSeconds(5),
                () -> states().stream().filter(s -> s.state().equals("active")).count() == 3);
    }

    @Test
    void aSubscriptionIsRefreshedInItsDialogBeforeTheGrantedExpiry() throws Exception {
        start("GB_SUBSCRIBE", "alarm");
        assertEquals(200, device.register(DEVICE));
        SipRequest first = nextSubscribe();
        long acceptedAt = System.currentTimeMillis();
        device.answer(first, 200, "Expires", 2);

        SipRequest refresh = nextSubscribe();

        long after = System.currentTimeMillis() - acceptedAt;
        assertTrue(after < 2000, "refreshed " + after + " ms after a 2 s grant, before it lapsed");
        assertEquals(first.callId(), refresh.callId(), "the same dialog");
        assertEquals(first.from().tag(), refresh.from().tag());
        assertTrue(refresh.to().tag().isPresent(), "the device's tag from its 200");
        assertTrue(refresh.cseq().sequence() > first.cseq().sequence());
        assertEquals("30", refresh.first("Expires").orElseThrow());
    }

    @Test
    void unregisteringEndsEverySubscriptionWithExpiresZero() throws Exception {
        start("GB_SUBSCRIBE", "catalog,alarm,position");
        assertEquals(200, device.register(DEVICE));
        Map<String, SipRequest> subs = acceptAll(30);
        Set<String> dialogs = new HashSet<>();
        subs.values().forEach(r -> dialogs.add(r.callId()));

        device.sendBytes(unregisterBytes());

        Set<String> ended = new HashSet<>();
        while (ended.size() < 3) {
            SipRequest r = nextSubscribe();
            assertEquals("0", r.first("Expires").orElseThrow());
            assertTrue(dialogs.contains(r.callId()), "in the subscription's dialog");
            ended.add(r.callId());
            device.answer(r, 200, "Expires", 0);
        }
        assertEquals(dialogs, ended);
    }

    @Test
    void stoppingTheGatewayEndsEverySubscriptionWithExpiresZero() throws Exception {
        start("GB_SUBSCRIBE", "catalog,alarm,position");
        assertEquals(200, device.register(DEVICE));
        acceptAll(30);
        Await.eventually("three active subscriptions", java.time.Duration.ofSeconds(5),
                () -> states().stream().filter(s -> s.state().equals("active")).count() == 3);

        var undeployed = vertx.undeploy(deployment);

        Set<String> ended = new HashSet<>();
        while (ended.size() < 3) {
            SipRequest r = nextSubscribe();
            assertEquals("0", r.first("Expires").orElseThrow());
            ended.add(cmdType(r));
            device.answer(r, 200, "Expires", 0);
        }
        Await.await(undeployed);
        assertEquals(Set.of("Catalog", "Alarm", "MobilePosition"), ended);
    }

    @Test
    void aDeviceThatRefusesIsRecordedAndNotAskedAgainEvenWhenItRegistersAgain() throws Exception {
        start("GB_SUBSCRIBE", "alarm", "GB_SUBSCRIBE_RETRY_S", "3600");
        assertEquals(200, device.register(DEVICE));
        SipRequest first = nextSubscribe();
        device.answer(first, 403);
        Await.eventually("the alarm subscription recorded as refused", java.time.Duration.ofSeconds(5),
                () -> states().stream().anyMatch(s -> s.kind().equals("alarm") && s.state().equals("refused")
                        && s.status() == 403));

        assertEquals(200, device.unregister(DEVICE));
        assertEquals(200, device.register(DEVICE));

        assertTrue(device.quietFor(2500), "no SUBSCRIBE again after a refusal");
        assertNotEquals(0, states().size());
        assertEquals("refused", states().get(0).state());
    }

    @Test
    void theCatalogIsQueriedAgainEveryRefreshPeriod() throws Exception {
        start("GB_SUBSCRIBE", "none", "GB_CATALOG_REFRESH_S", "1");
        assertEquals(200, device.register(DEVICE));

        for (int round = 0; round < 2; round++) {
            SipRequest query = (SipRequest) device.receive(m -> m instanceof SipRequest r && r.is("MESSAGE"));
            assertEquals("Catalog", cmdType(query));
            device.answer(query, 200);
        }
    }

    private byte[] unregisterBytes() {
        return io.gbmesh.protocol.sip.SipRequest.builder("REGISTER",
                        io.gbmesh.protocol.sip.SipUri.of("34020000002000000001", "3402000000", -1))
                .via(io.gbmesh.protocol.sip.Via.of("UDP", "127.0.0.1", device.port(), "z9hG4bK-unreg-" + System.nanoTime()))
                .from(io.gbmesh.protocol.sip.NameAddress.of(io.gbmesh.protocol.sip.SipUri.of(DEVICE, "3402000000", -1)).withTag("u1"))
                .to(io.gbmesh.protocol.sip.NameAddress.of(io.gbmesh.protocol.sip.SipUri.of(DEVICE, "3402000000", -1)))
                .callId("unreg-" + System.nanoTime()).cseq(9, "REGISTER")
                .header("Max-Forwards", 70).header("Expires", 0).header("Content-Length", 0)
                .build().toBytes();
    }
}
