package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.SnapshotConfigAnswer;
import io.gbmesh.contracts.SnapshotRequest;
import io.gbmesh.contracts.SnapshotsUploaded;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpControlReplies;
import io.gbmesh.protocol.manscdp.ManscdpSnapshots;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.testing.Await;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * GB/T 28181-2022 snapshots on the gateway, over real sockets: a {@link SnapshotRequest} becomes the
 * reference's SnapShotConfig MESSAGE and is answered with the device's Result; an UploadSnapShotFinished
 * is answered 200 and published only from the registered device at its address.
 */
class SnapshotSignallingTest {
    private static final String X = "34020000001320000801";
    private static final String SESSION = "3cffba1f5df14a47acb6594b2375c5c7";
    private static final String URL = "http://127.0.0.1:8080/api/v1/snapshot-uploads/" + SESSION + "/secret";

    @RegisterExtension
    final GatewayOnSockets net = new GatewayOnSockets();

    private Future<Message<Object>> ask(SnapshotRequest request) {
        return net.vertx().eventBus().request(Addresses.SNAPSHOT_REQUEST, request, new DeliveryOptions().setSendTimeout(10_000));
    }

    private static String finished(String deviceId) {
        return new String(ManscdpSnapshots.finished(10003, deviceId, SESSION,
                List.of(deviceId + "022025081815045400000")), StandardCharsets.UTF_8);
    }

    @Test
    void theRequestIsTheSnapShotConfigAndTheDevicesResultIsTheAnswer() throws Exception {
        RawDevice device = net.udp();
        assertEquals(200, device.register(X));
        Future<Message<Object>> answer = ask(new SnapshotRequest(SESSION, X, X, 3, 2, URL));

        SipRequest config = (SipRequest) device.receive(m -> m instanceof SipRequest r && r.method().equals("MESSAGE"));
        long sn = ManscdpCodec.parse(config.body()).sn();
        assertArrayEquals(ManscdpSnapshots.config(sn, X, 3, 2, URL, SESSION), config.body(), "the reference's layout");
        device.answer(config, 200);
        assertEquals(200, device.message(X, new String(ManscdpControlReplies.result(sn, X, "DeviceConfig", true, null),
                StandardCharsets.UTF_8)));

        SnapshotConfigAnswer result = (SnapshotConfigAnswer) Await.await(answer).body();
        assertEquals(new SnapshotConfigAnswer(SESSION, "OK", net.gateway().nodeId()), result);
    }

    @Test
    void aRequestOutsideTheStandardsBoundsIsRefusedWithoutAskingTheDevice() throws Exception {
        RawDevice device = net.udp();
        assertEquals(200, device.register(X));

        Throwable refused = Await.await(ask(new SnapshotRequest(SESSION, X, X, 11, 1, URL)).transform(Future::succeededFuture)
                .map(ar -> ar.cause()));

        assertTrue(refused instanceof ReplyException re && re.failureCode() == 400, String.valueOf(refused));
        assertTrue(device.quietFor(300), "nothing sent to the device");
    }

    @Test
    void uploadFinishedFromTheRegisteredDeviceIsAnsweredAndPublished() throws Exception {
        BlockingQueue<SnapshotsUploaded> published = TestSupport.collect(net.vertx(), Addresses.SNAPSHOTS_UPLOADED, SnapshotsUploaded.class);
        RawDevice device = net.udp();
        assertEquals(200, device.register(X));

        assertEquals(200, device.message(X, finished(X)));

        SnapshotsUploaded u = published.poll(5, TimeUnit.SECONDS);
        assertEquals(X, u.deviceId());
        assertEquals(SESSION, u.sessionId());
        assertEquals(List.of(X + "022025081815045400000"), u.fileIds());
        assertEquals(1, net.gateway().stats().get("snapshot.finished"));
        assertEquals(1, net.gateway().stats().get("message.notify.uploadsnapshotfinished"));
    }

    @Test
    void uploadFinishedFromAnotherAddressOrAnUnregisteredDeviceIsRefused() throws Exception {
        BlockingQueue<SnapshotsUploaded> published = TestSupport.collect(net.vertx(), Addresses.SNAPSHOTS_UPLOADED, SnapshotsUploaded.class);
        RawDevice device = net.udp();
        RawDevice spoofer = net.udp();
        assertEquals(200, device.register(X));

        assertEquals(403, spoofer.message(X, finished(X)));
        assertEquals(403, spoofer.message("34020000001320000802", finished("34020000001320000802")));

        assertNull(published.poll(300, TimeUnit.MILLISECONDS));
        assertEquals(0, net.gateway().stats().get("snapshot.finished"));
    }
}
