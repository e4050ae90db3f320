package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CatalogUpdated;
import io.gbmesh.contracts.DeviceInfo;
import io.gbmesh.contracts.DeviceInfoUpdated;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceQuery;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.DialogEnded;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipResponse;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import io.gbmesh.runtime.RegistryReader;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A device is who its last REGISTER says, at the address (or TCP connection) that REGISTER came
 * from, and a body speaks only for that device or its channels. Attacks over real sockets.
 */
class DeviceIdentityTest {
    private static final String X = "34020000001320000701";
    private static final String Y = "34020000001320000702";

    @RegisterExtension
    final GatewayOnSockets net = new GatewayOnSockets();

    private long stat(String name) {
        return net.gateway().stats().get(name);
    }

    /** The device's entry in the cluster registry, as the API reads it, once it is there. */
    private DeviceRegistration registered(String deviceId) {
        RegistryReader reader = Await.await(RegistryReader.open(net.vertx()));
        Await.eventually(deviceId + " in the registry", Duration.ofSeconds(5), () -> Await.await(reader.get(deviceId)) != null);
        return Await.await(reader.get(deviceId));
    }

    private Future<Message<Object>> askDeviceInfo(String deviceId) {
        return net.vertx().eventBus().request(Addresses.DEVICE_QUERY, DeviceQuery.of(deviceId, DeviceQuery.Kind.DEVICE_INFO),
                new DeliveryOptions().setSendTimeout(10_000));
    }

    private static SipRequest query(RawDevice device) throws Exception {
        return (SipRequest) device.receive(m -> m instanceof SipRequest r && r.method().equals("MESSAGE"));
    }

    @Test
    void aKeepaliveFromAnotherUdpPortIsRefusedAndTheRealDeviceStaysWhereItIsAndOnline() throws Exception {
        RawDevice device = net.udp();
        RawDevice spoofer = net.udp();
        assertEquals(200, device.register(X));
        assertEquals(device.port(), registered(X).remotePort());

        assertEquals(403, spoofer.message(X, RawDevice.keepalive(X)));
        assertEquals(403, spoofer.message(X, RawDevice.keepalive(X)));

        assertEquals(200, device.message(X, RawDevice.keepalive(X)));
        assertEquals(2, stat("keepalive.rejected.wrong-source"));
        assertEquals(1, stat("keepalive.accepted"));
        // the batch that carries the accepted keepalive is written; the address is still the device's
        long keepaliveAt = net.gateway().registry().owned(X).registration().lastKeepaliveAt();
        Await.eventually("the real keepalive in the registry", Duration.ofSeconds(5),
                () -> registered(X).lastKeepaliveAt() == keepaliveAt);
        assertEquals(device.port(), registered(X).remotePort());
        assertEquals(device.port(), net.gateway().registry().owned(X).peer().port());
        assertEquals(1, net.gateway().ownedDevices());
    }

    @Test
    void aSimulatedDeviceKeepsItsRegistrationWhileSomeoneElseSendsKeepalivesInItsName() throws Exception {
        BlockingQueue<DeviceOffline> offline = TestSupport.collect(net.vertx(), Addresses.DEVICE_OFFLINE, DeviceOffline.class);
        DeviceSimulator simulator = Await.await(DeviceSimulator.start(net.vertx(), SimulatorConfig.of("127.0.0.1", net.port())
                .withCount(1, "3402000000132", 710).withTiming(3600, 1, 3)));
        try {
            SimulatedDevice device = simulator.device(0);
            RawDevice spoofer = net.udp();
            int accepted = device.keepalivesAccepted();
            for (int i = 0; i < 5; i++) {
                assertEquals(403, spoofer.message(device.deviceId(), RawDevice.keepalive(device.deviceId())));
            }
            Await.eventually("the device's own keepalives accepted", Duration.ofSeconds(8),
                    () -> device.keepalivesAccepted() >= accepted + 3);
            assertEquals(0, device.keepalivesRefused());
            assertEquals(1, device.registrations());
            assertEquals(device.localPort(), registered(device.deviceId()).remotePort());
            assertTrue(offline.isEmpty(), "the device went offline");
        } finally {
            Await.await(simulator.close());
        }
    }

    @Test
    void onlyARegisterMovesADeviceToANewAddress() throws Exception {
        RawDevice before = net.udp();
        RawDevice after = net.udp(); // the same device after a NAT rebinding
        assertEquals(200, before.register(X));

        assertEquals(403, after.message(X, RawDevice.keepalive(X)));
        assertEquals(200, after.register(X));
        assertEquals(200, after.message(X, RawDevice.keepalive(X)));
        assertEquals(403, before.message(X, RawDevice.keepalive(X)));
        Await.eventually("moved by its REGISTER", Duration.ofSeconds(5), () -> registered(X).remotePort() == after.port());
    }

    @Test
    void aMessageOnAnotherTcpConnectionIsRefusedAndChangesNothing() throws Exception {
        BlockingQueue<CatalogUpdated> catalogs = TestSupport.collect(net.vertx(), Addresses.DEVICE_CATALOG, CatalogUpdated.class);
        RawDevice device = net.tcp();
        RawDevice spoofer = net.tcp();
        assertEquals(200, device.register(X));
        DeviceRegistration before = registered(X);
        assertEquals(device.port(), before.remotePort());

        String catalog = RawDevice.catalogAdd(X, "34020000001310000701", "forged");
        assertEquals(403, spoofer.message(X, catalog));
        assertEquals(403, spoofer.message(X, RawDevice.keepalive(X)));

        assertEquals(1, stat("message.rejected.wrong-source"));
        assertEquals(1, stat("keepalive.rejected.wrong-source"));
        assertNull(catalogs.poll(300, TimeUnit.MILLISECONDS), "a catalog change was published");
        assertEquals(before.remotePort(), registered(X).remotePort());
        assertEquals(200, device.message(X, RawDevice.keepalive(X)), "the device's own connection still works");
    }

    @Test
    void aBodyNamingAnotherDeviceIsABadRequestAndThatDeviceIsUnchanged() throws Exception {
        BlockingQueue<DeviceInfoUpdated> infos = TestSupport.collect(net.vertx(), Addresses.DEVICE_INFO, DeviceInfoUpdated.class);
        RawDevice x = net.udp();
        RawDevice y = net.udp();
        assertEquals(200, x.register(X));
        assertEquals(200, y.register(Y));
        registered(Y);

        Future<Message<Object>> asked = askDeviceInfo(X);
        SipRequest q = query(x);
        x.send(SipResponse.to(q, 200, "1").build());
        long sn = ManscdpCodec.parse(q.body()).sn();

        // X answers our query of X in Y's name: it would rename Y
        assertEquals(400, x.message(X, RawDevice.deviceInfoResponse(sn, Y, "renamed-by-x")));
        assertEquals(1, stat("message.rejected.foreign-id"));
        // a notification in Y's name is refused the same way
        assertEquals(400, x.message(X, RawDevice.alarm(Y)));
        assertEquals(2, stat("message.rejected.foreign-id"));
        assertEquals(400, x.message(X, RawDevice.keepalive(Y)));

        assertEquals(200, x.message(X, RawDevice.deviceInfoResponse(sn, X, "x-itself")));
        DeviceInfo info = (DeviceInfo) Await.await(asked).body();
        assertEquals(X, info.deviceId());
        assertEquals("x-itself", info.deviceName());
        DeviceInfoUpdated published = TestSupport.next(infos, Duration.ofSeconds(5), e -> true);
        assertEquals(X, published.info().deviceId());
        assertNull(infos.poll(300, TimeUnit.MILLISECONDS));
        assertNull(registered(Y).info(), "Y's registration was changed");
    }

    @Test
    void aResponseToOurQueryFromAnotherAddressIsDroppedAndTheRealAnswerWins() throws Exception {
        RawDevice device = net.udp();
        RawDevice attacker = net.udp();
        assertEquals(200, device.register(X));
        registered(X);

        Future<Message<Object>> asked = askDeviceInfo(X);
        SipRequest q = query(device);
        long sn = ManscdpCodec.parse(q.body()).sn();
        // someone who saw the query answers it: a refusal of the transaction, and a forged answer
        attacker.send(SipResponse.to(q, 486, "66").build());
        Await.eventually("the forged response dropped", Duration.ofSeconds(5), () -> stat("rx.response.wrong-source") == 1);
        assertEquals(403, attacker.message(X, RawDevice.deviceInfoResponse(sn, X, "forged")));
        assertFalse(asked.isComplete(), "the query ended on a forged message");

        device.send(SipResponse.to(q, 200, "1").build());
        assertEquals(200, device.message(X, RawDevice.deviceInfoResponse(sn, X, "real")));
        assertEquals("real", ((DeviceInfo) Await.await(asked).body()).deviceName());
    }

    @Test
    void aByeForADeviceDialogFromAnotherAddressIsRefusedAndTheStreamGoesOn() throws Exception {
        BlockingQueue<DialogEnded> ended = TestSupport.collect(net.vertx(), Addresses.DIALOG_ENDED, DialogEnded.class);
        RawDevice device = net.udp();
        RawDevice attacker = net.udp();
        assertEquals(200, device.register(X));
        String channel = "34020000001310000701";
        Future<Message<Object>> asked = net.vertx().eventBus().request(Addresses.INVITE, new InviteRequest("id-1", X, channel,
                StreamKind.PLAY, "127.0.0.1", 30000, MediaTransport.UDP, "0000010701", 0, 0, 0));
        SipRequest invite = (SipRequest) device.receive(m -> m instanceof SipRequest r && r.method().equals("INVITE"));
        device.send(SipResponse.to(invite, 200, "dev-tag")
                .contact(NameAddress.of(SipUri.of(X, "127.0.0.1", device.port())))
                .body("application/sdp", String.join("\r\n", "v=0", "o=" + X + " 1 1 IN IP4 127.0.0.1", "s=Play",
                        "c=IN IP4 127.0.0.1", "t=0 0", "m=video 40000 RTP/AVP 96", "a=sendonly", "a=rtpmap:96 PS/90000",
                        "y=0000010701", "").getBytes(StandardCharsets.UTF_8))
                .build());
        Await.await(asked);

        SipRequest bye = SipRequest.builder("BYE", SipUri.of("34020000002000000001", "127.0.0.1", net.port()))
                .via(Via.of("UDP", "127.0.0.1", attacker.port(), "z9hG4bK-bye-forged"))
                .from(NameAddress.of(SipUri.of(channel, "127.0.0.1", device.port())).withTag("dev-tag"))
                .to(invite.from())
                .callId(invite.callId()).cseq(1, "BYE").header("Max-Forwards", 70).header("Content-Length", 0)
                .build();
        attacker.send(bye);
        assertEquals(403, ((SipResponse) attacker.receive(m -> m instanceof SipResponse)).statusCode());
        assertEquals(1, stat("device-bye.rejected.wrong-source"));
        assertNull(ended.poll(300, TimeUnit.MILLISECONDS), "the stream was ended by a forged BYE");

        device.send(bye.toBuilder().topVia(Via.of("UDP", "127.0.0.1", device.port(), "z9hG4bK-bye-real")).build());
        assertEquals(200, ((SipResponse) device.receive(m -> m instanceof SipResponse r && r.cseq().method().equals("BYE")))
                .statusCode());
        assertEquals("id-1", TestSupport.next(ended, Duration.ofSeconds(5), e -> true).streamId());
    }

    @Test
    void catalogItemsWithBadIdsAreDroppedAndCountedAndAChannelMaySpeakOnceKnown() throws Exception {
        BlockingQueue<CatalogUpdated> catalogs = TestSupport.collect(net.vertx(), Addresses.DEVICE_CATALOG, CatalogUpdated.class);
        RawDevice device = net.udp();
        assertEquals(200, device.register(X));
        String channel = "34020000001310000701";

        // a channel the device has not announced may not speak through it yet
        assertEquals(400, device.message(X, RawDevice.alarm(channel)));

        String catalog = RawDevice.catalogAdd(X, channel, "gate", "../../etc", "bad", "3402000000131000070", "short");
        assertEquals(200, device.message(X, catalog));
        CatalogUpdated updated = TestSupport.next(catalogs, Duration.ofSeconds(5), e -> e.catalog().deviceId().equals(X));
        assertEquals(1, updated.catalog().channels().size());
        assertEquals(channel, updated.catalog().channels().get(0).channelId());
        assertEquals(2, stat("catalog.item.rejected.bad-id"));

        assertEquals(200, device.message(X, RawDevice.alarm(channel)));
    }

    @Test
    void aThousandInventedCmdTypesDoNotAddAThousandMetricSeries() throws Exception {
        RawDevice device = net.udp();
        assertEquals(200, device.register(X));
        assertEquals(200, device.message(X, RawDevice.notify("Alarm", X, "")));
        int before = net.gateway().stats().snapshot().size();

        for (int i = 0; i < 1000; i++) {
            device.sendMessage(X, RawDevice.notify("Cmd" + UUID.randomUUID().toString().replace("-", ""), X, ""));
            if (i % 100 == 99) {
                int sent = i + 1;
                Await.eventually(sent + " invented CmdTypes counted", Duration.ofSeconds(10),
                        () -> stat("message.notify.other") >= sent);
            }
        }
        assertEquals(1000, stat("message.notify.other"));
        // the names the device's alarm and its online queries add meanwhile are from the closed set;
        // none of the invented types became a name of its own
        java.util.Set<String> names = net.gateway().stats().snapshot().keySet();
        assertTrue(names.stream().noneMatch(n -> n.matches(".*[0-9a-f]{32}.*")), "an invented CmdType became a metric: " + names);
        int grown = names.size() - before;
        assertTrue(grown <= 10, "metric names grew by " + grown + ": " + names);
        assertNotNull(net.gateway().registry().owned(X));
    }
}
