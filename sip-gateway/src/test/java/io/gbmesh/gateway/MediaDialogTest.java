package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.DialogEnded;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.protocol.rtp.RtpPacket;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.simulator.media.MediaOptions;
import io.gbmesh.sipstack.SipTransport;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * INVITE dialogs between the gateway and our simulated device, through the event bus, with the test
 * in the media node's place: the RTP must reach the address in the request, carry the SSRC and PS,
 * and stop once the stream is closed.
 */
class MediaDialogTest {
    private static final byte[] PACK_START = {0, 0, 1, (byte) 0xBA};

    private Vertx vertx;
    private int port;
    private BlockingQueue<DeviceOnline> online;
    private BlockingQueue<DialogEnded> ended;
    private DeviceSimulator simulator;
    private int streams;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        online = TestSupport.collect(vertx, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        ended = TestSupport.collect(vertx, Addresses.DIALOG_ENDED, DialogEnded.class);
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            Await.await(simulator.close());
        }
        Await.await(vertx.close());
    }

    private void gateway(String... env) {
        String[] all = Arrays.copyOf(new String[] {"GB_SIP_PASSWORD", "12345678", "GB_QUERY_ON_ONLINE", "false"}, 4 + env.length);
        System.arraycopy(env, 0, all, 4, env.length);
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port, all))));
    }

    private SimulatedDevice device(SipTransport transport, MediaOptions media) {
        simulator = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withTransport(transport).withPassword("12345678").withCount(1, "3402000000132", 11).withChannels(2, 2, 0)
                .withMedia(media)));
        SimulatedDevice d = simulator.device(0);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(d.deviceId()));
        return d;
    }

    private InviteRequest play(SimulatedDevice d, MediaTransport transport, int mediaPort, String ssrc) {
        streams++;
        return new InviteRequest("stream-" + streams, d.deviceId(), d.channelIds().get(0), StreamKind.PLAY, "127.0.0.1",
                mediaPort, transport, ssrc, 0, 0, 0);
    }

    private InviteAnswer invite(InviteRequest request) {
        return (InviteAnswer) Await.await(vertx.eventBus().request(Addresses.INVITE, request)).body();
    }

    private int failureCode(io.vertx.core.Future<?> future) {
        Throwable failure = Await.failure(future, Await.DEFAULT_FUTURE_MILLIS);
        if (failure instanceof ReplyException re) {
            return re.failureCode();
        }
        throw new AssertionError("expected a ReplyException", failure);
    }

    private static RtpPacket first(MediaReceiver receiver) throws Exception {
        RtpPacket p = receiver.next(Duration.ofSeconds(5));
        assertNotNull(p, "no RTP within 5 s");
        return p;
    }

    @ParameterizedTest
    @EnumSource(MediaTransport.class)
    void theDeviceStreamsPsToTheOfferedAddressUntilTheStreamIsClosed(MediaTransport transport) throws Exception {
        gateway();
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT);
        try (MediaReceiver receiver = MediaReceiver.open(transport)) {
            InviteRequest request = play(d, transport, receiver.port(), "0000010001");
            InviteAnswer answer = invite(request);
            assertEquals(request.streamId(), answer.streamId());
            assertEquals("0000010001", answer.answeredSsrc());
            assertEquals("127.0.0.1", answer.deviceHost());
            assertEquals(d.media().callIds(), java.util.List.of(answer.callId()));
            receiver.answered(answer);

            RtpPacket p = first(receiver);
            assertEquals(96, p.payloadType());
            assertEquals(10001, p.ssrc());
            assertArrayEquals(PACK_START, Arrays.copyOf(p.payloadBytes(), 4), "the first payload starts a PS pack");
            long lastTimestamp = p.timestamp();
            for (int i = 0; i < 50; i++) {
                RtpPacket q = first(receiver);
                assertEquals(10001, q.ssrc());
                assertTrue(q.timestamp() - lastTimestamp >= 0, "timestamps do not go back");
                lastTimestamp = q.timestamp();
            }

            Await.await(vertx.eventBus().request(Addresses.BYE, new CloseStream(request.streamId(), "test")));
            Await.eventually("the device stops streaming", Duration.ofSeconds(2), () -> d.media().streaming() == 0);
            assertTrue(d.media().callIds().isEmpty());
            assertTrue(receiver.silentFor(Duration.ofMillis(700)), "RTP after the stream was closed");
        }
    }

    @Test
    void signallingOverTcpCarriesTheDialogToo() throws Exception {
        gateway();
        SimulatedDevice d = device(SipTransport.TCP, MediaOptions.DEFAULT);
        try (MediaReceiver receiver = MediaReceiver.open(MediaTransport.TCP_PASSIVE)) {
            InviteRequest request = play(d, MediaTransport.TCP_PASSIVE, receiver.port(), "0000010002");
            invite(request);
            assertEquals(10002, first(receiver).ssrc());
            Await.await(vertx.eventBus().request(Addresses.BYE, new CloseStream(request.streamId(), "test")));
            assertTrue(receiver.silentFor(Duration.ofMillis(500)));
            assertEquals(1, d.media().streamsEnded());
        }
    }

    @Test
    void oneChannelCarriesSeveralStreamsEachWithItsSsrc() throws Exception {
        gateway();
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT);
        try (MediaReceiver a = MediaReceiver.open(MediaTransport.UDP); MediaReceiver b = MediaReceiver.open(MediaTransport.UDP)) {
            InviteRequest first = play(d, MediaTransport.UDP, a.port(), "0000010003");
            InviteRequest second = play(d, MediaTransport.UDP, b.port(), "0000010004");
            InviteAnswer answerA = invite(first);
            InviteAnswer answerB = invite(second);
            assertTrue(!answerA.callId().equals(answerB.callId()));
            assertEquals(10003, first(a).ssrc());
            assertEquals(10004, first(b).ssrc());

            Await.await(vertx.eventBus().request(Addresses.BYE, new CloseStream(first.streamId(), "test")));
            assertTrue(a.silentFor(Duration.ofMillis(500)));
            assertEquals(10004, first(b).ssrc(), "the other stream goes on");
            assertEquals(java.util.List.of(answerB.callId()), d.media().callIds());
        }
    }

    @Test
    void aDeviceThatAnswersAnotherSsrcIsBelieved() throws Exception {
        gateway();
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT.withAnsweredSsrc("0200000777"));
        try (MediaReceiver receiver = MediaReceiver.open(MediaTransport.UDP)) {
            InviteAnswer answer = invite(play(d, MediaTransport.UDP, receiver.port(), "0000010005"));
            assertEquals("0200000777", answer.answeredSsrc());
            assertEquals(200000777, first(receiver).ssrc());
        }
    }

    @Test
    void aDeviceCanSendAnotherSsrcThanItAnswered() throws Exception {
        gateway();
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT.withSentSsrc("0000099999"));
        try (MediaReceiver receiver = MediaReceiver.open(MediaTransport.UDP)) {
            InviteAnswer answer = invite(play(d, MediaTransport.UDP, receiver.port(), "0000010006"));
            assertEquals("0000010006", answer.answeredSsrc());
            assertEquals(99999, first(receiver).ssrc());
        }
    }

    @Test
    void aByeFromTheDevicePublishesDialogEnded() throws Exception {
        gateway();
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT);
        try (MediaReceiver receiver = MediaReceiver.open(MediaTransport.UDP)) {
            InviteRequest request = play(d, MediaTransport.UDP, receiver.port(), "0000010007");
            InviteAnswer answer = invite(request);
            first(receiver);
            assertEquals(200, Await.await(d.media().bye(answer.callId())));
            DialogEnded gone = TestSupport.next(ended, Duration.ofSeconds(5), e -> e.streamId().equals(request.streamId()));
            assertEquals(d.deviceId(), gone.deviceId());
            assertEquals(request.channelId(), gone.channelId());
            assertEquals("device-bye", gone.reason());
            assertTrue(receiver.silentFor(Duration.ofMillis(500)));
            assertEquals(404, failureCode(vertx.eventBus().request(Addresses.BYE, new CloseStream(request.streamId(), "late"))),
                    "the dialog is forgotten");
            assertEquals(481, Await.await(d.media().bye(answer.callId()).recover(e -> io.vertx.core.Future.succeededFuture(481))));
        }
    }

    @Test
    void anInviteToAnUnknownDeviceFailsAsOffline() {
        gateway();
        assertEquals(503, failureCode(vertx.eventBus().request(Addresses.INVITE, new InviteRequest("s-unknown",
                "34020000001320009999", "34020000001310009999", StreamKind.PLAY, "127.0.0.1", 10000, MediaTransport.UDP,
                "0000010008", 0, 0, 0))));
    }

    @Test
    void anInviteTheDeviceRefusesFailsAsRefused() {
        gateway();
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT.withInviteStatus(488));
        assertEquals(502, failureCode(vertx.eventBus().request(Addresses.INVITE, play(d, MediaTransport.UDP, 10000, "0000010009"))));
    }

    @Test
    void anInviteTheDeviceNeverAnswersFailsAsTimeout() {
        gateway("GB_SIP_TIMEOUT_MS", "1500");
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT.withInviteStatus(0));
        assertEquals(504, failureCode(vertx.eventBus().request(Addresses.INVITE, play(d, MediaTransport.UDP, 10000, "0000010010"))));
    }

    @Test
    void aMalformedRequestIsRefused() {
        gateway();
        SimulatedDevice d = device(SipTransport.UDP, MediaOptions.DEFAULT);
        assertEquals(400, failureCode(vertx.eventBus().request(Addresses.INVITE, play(d, MediaTransport.UDP, 10000, "12345"))));
    }
}
