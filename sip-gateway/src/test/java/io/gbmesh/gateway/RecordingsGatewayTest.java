package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaStatusNotified;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.PlaybackControl;
import io.gbmesh.contracts.RecordList;
import io.gbmesh.contracts.RecordQuery;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.Recordings;
import io.gbmesh.simulator.SimulatedDevice;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.sipstack.SipTransport;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.BlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Recordings through the gateway with the simulated device: RecordInfo answered in several messages
 * (in reverse order, or announcing more than it sends), playback control by MANSRTSP in INFO, and the
 * device's end of file published.
 */
class RecordingsGatewayTest {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private Vertx vertx;
    private int port;
    private DeviceSimulator simulator;
    private SimulatedDevice device;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        // the device's answers name its channels: the gateway takes them once it knows the catalog
        BlockingQueue<io.gbmesh.contracts.CatalogUpdated> catalogs = TestSupport.collect(vertx, Addresses.DEVICE_CATALOG,
                io.gbmesh.contracts.CatalogUpdated.class);
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port, "GB_QUERY_TIMEOUT_MS", "4000"))));
        simulator = Await.await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", port)
                .withTransport(SipTransport.UDP).withCount(1, "3402000000132", 21).withChannels(2, 2, 0)));
        device = simulator.device(0);
        TestSupport.next(catalogs, Duration.ofSeconds(10), e -> e.catalog().deviceId().equals(device.deviceId()));
    }

    @AfterEach
    void stop() {
        if (simulator != null) {
            Await.await(simulator.close());
        }
        Await.await(vertx.close());
    }

    private RecordList query(LocalDateTime from, LocalDateTime to) {
        return (RecordList) Await.await(vertx.eventBus().request(Addresses.RECORD_QUERY, new RecordQuery(device.deviceId(),
                device.channelIds().get(0), from.format(TIME), to.format(TIME), "all"))).body();
    }

    @Test
    void recordsComeAssembledFromSeveralMessagesInReverseOrderSortedByStart() {
        device.recordings().plan(new Recordings.Plan(2, 300, 60, 6, 7, 0, true));
        LocalDateTime now = LocalDateTime.now().withNano(0);
        RecordList list = query(now.minusHours(6), now);

        int expected = device.recordings().files(device.channelIds().get(0), now.minusHours(6), now, "all", now).size();
        assertTrue(expected > 14, "the answer spans at least three messages: " + expected);
        assertEquals(expected, list.items().size());
        assertEquals(expected, list.sumNum());
        assertTrue(list.complete());
        for (int i = 1; i < list.items().size(); i++) {
            assertTrue(list.items().get(i - 1).start().compareTo(list.items().get(i).start()) < 0, "sorted by start");
        }
        RecordList.Item first = list.items().get(0);
        assertEquals(device.channelIds().get(0), first.deviceId());
        assertEquals(300 * 60_840L, first.fileSize());
        assertTrue(first.filePath().startsWith("/record/"), first.filePath());
    }

    @Test
    void aDeviceThatAnnouncesMoreThanItSendsIsAnsweredWithWhatCame() {
        device.recordings().plan(new Recordings.Plan(2, 600, 0, 6, 4, 5, false));
        LocalDateTime now = LocalDateTime.now().withNano(0);
        long began = System.nanoTime();
        RecordList list = query(now.minusHours(3), now);

        assertFalse(list.complete());
        assertEquals(list.items().size() + 5, list.sumNum());
        assertTrue(list.items().size() >= 17, "every item sent is kept: " + list.items().size());
        assertTrue(System.nanoTime() - began < Duration.ofSeconds(4).toNanos(), "closed after the last message, not at the timeout");
    }

    @Test
    void aBadQueryIsRefusedBeforeTheDeviceIsAsked() {
        ReplyException e = (ReplyException) vertx.eventBus().request(Addresses.RECORD_QUERY, new RecordQuery(device.deviceId(),
                device.channelIds().get(0), "yesterday", "today", "all")).toCompletionStage().toCompletableFuture()
                .handle((ok, err) -> err).join();
        assertEquals(400, e.failureCode());
        assertEquals(0, device.recordings().queries());
    }

    @ParameterizedTest
    @EnumSource(value = MediaTransport.class, names = {"UDP", "TCP_PASSIVE"})
    void playbackIsPausedSpedUpAndSoughtByInfoAndItsEndIsPublished(MediaTransport transport) throws Exception {
        BlockingQueue<MediaStatusNotified> status = TestSupport.collect(vertx, Addresses.MEDIA_STATUS, MediaStatusNotified.class);
        long start = System.currentTimeMillis() / 1000 - 3600;
        try (MediaReceiver receiver = MediaReceiver.open(transport)) {
            InviteRequest request = new InviteRequest("pb-1", device.deviceId(), device.channelIds().get(0), StreamKind.PLAYBACK,
                    "127.0.0.1", receiver.port(), transport, "1000010001", 0, start, start + 20);
            InviteAnswer answer = (InviteAnswer) Await.await(vertx.eventBus().request(Addresses.INVITE, request)).body();
            receiver.answered(answer);
            assertNotNull(receiver.next(Duration.ofSeconds(5)), "the playback streams");
            String callId = answer.callId();

            PlaybackControl paused = control(PlaybackControl.Action.PAUSE, 0, 0);
            assertEquals(1, paused.cseq());
            Await.eventually("paused", Duration.ofSeconds(3), () -> device.media().replayState(callId)[2] == 1);
            assertTrue(receiver.silentFor(Duration.ofMillis(500)), "no media while paused");

            assertEquals(2, control(PlaybackControl.Action.SEEK, 0, 8).cseq());
            double at = device.media().replayState(callId)[0];
            // a seek plays on from the key frame at or before the position (one GOP), and time passes until it is read
            assertTrue(at <= 9.0 && at > 8.0 - 4.1, "the seek lands on the key frame before 8 s (one GOP): " + at);
            assertEquals(3, control(PlaybackControl.Action.SCALE, 4, 0).cseq());
            assertEquals(4.0, device.media().replayState(callId)[1]);
            assertEquals(4, control(PlaybackControl.Action.RESUME, 0, 0).cseq());
            assertNotNull(receiver.next(Duration.ofSeconds(2)), "media again after resume");

            MediaStatusNotified end = TestSupport.next(status, Duration.ofSeconds(10), s -> true);
            assertEquals(device.deviceId(), end.deviceId());
            assertEquals(device.channelIds().get(0), end.channelId());
            assertTrue(end.endOfFile());
            assertEquals(1, device.mediaStatusSent());
        }
    }

    /** The camera sends its 121 in the dialog as the channel it streams (From: the INVITE's To), not as itself. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void anEndOfFileInTheDialogIsTakenFromTheChannelAsFromTheDevice(boolean fromDevice) throws Exception {
        device.mediaStatusFromDevice(fromDevice);
        BlockingQueue<MediaStatusNotified> status = TestSupport.collect(vertx, Addresses.MEDIA_STATUS, MediaStatusNotified.class);
        long start = System.currentTimeMillis() / 1000 - 3600;
        try (MediaReceiver receiver = MediaReceiver.open(MediaTransport.UDP)) {
            InviteRequest request = new InviteRequest("pb-eof", device.deviceId(), device.channelIds().get(0), StreamKind.PLAYBACK,
                    "127.0.0.1", receiver.port(), MediaTransport.UDP, "1000010002", 0, start, start + 3);
            InviteAnswer answer = (InviteAnswer) Await.await(vertx.eventBus().request(Addresses.INVITE, request)).body();
            receiver.answered(answer);
            MediaStatusNotified end = TestSupport.next(status, Duration.ofSeconds(15), s -> true);
            assertEquals(device.deviceId(), end.deviceId());
            assertEquals(device.channelIds().get(0), end.channelId());
            assertEquals(answer.callId(), end.callId());
            assertTrue(end.endOfFile());
        }
    }

    @Test
    void aDownloadComesAtTheAskedSpeedWithItsFileSize() throws Exception {
        long start = System.currentTimeMillis() / 1000 - 7200;
        try (MediaReceiver receiver = MediaReceiver.open(MediaTransport.UDP)) {
            InviteRequest request = new InviteRequest("dl-1", device.deviceId(), device.channelIds().get(0), StreamKind.DOWNLOAD,
                    "127.0.0.1", receiver.port(), MediaTransport.UDP, "1000010002", 0, start, start + 60, 8);
            InviteAnswer answer = (InviteAnswer) Await.await(vertx.eventBus().request(Addresses.INVITE, request)).body();
            assertTrue(answer.fileSize() > 60 * 40_000L && answer.fileSize() < 60 * 80_000L, "a=filesize of 60 s: " + answer.fileSize());
            assertNotNull(receiver.next(Duration.ofSeconds(5)), "the download streams");
            long from = System.nanoTime();
            double at = device.media().replayState(answer.callId())[0];
            Thread.sleep(2000);
            double media = device.media().replayState(answer.callId())[0] - at;
            double wall = (System.nanoTime() - from) / 1e9;
            assertEquals(8.0, device.media().replayState(answer.callId())[1]);
            assertTrue(media / wall > 6 && media / wall < 10, "8 s of media per second: " + media / wall);
        }
    }

    private PlaybackControl control(PlaybackControl.Action action, double scale, double position) {
        return (PlaybackControl) Await.await(vertx.eventBus().request(Addresses.PLAYBACK_CONTROL,
                new PlaybackControl("pb-1", action, scale, position, 0))).body();
    }
}
