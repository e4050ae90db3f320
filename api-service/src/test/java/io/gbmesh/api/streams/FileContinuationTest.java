package io.gbmesh.api.streams;

import java.time.Duration;
import io.gbmesh.testing.Await;
import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.MediaStatusNotified;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.RecordList;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.contracts.StreamStarted;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A playback going on to its next file while the device repeats its end of file, or while a seek
 * comes: one BYE for the dialog that ended, none for the new one, and no control meanwhile.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FileContinuationTest {
    private static final String DEVICE = "34020000001320000001";
    private static final String CHANNEL = "34020000001310000001";
    private static final long START = 1_700_000_000L;

    private Vertx vertx;
    private ClusterStreams table;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private Promise<InviteAnswer> invite;
    private final List<String> stops = new CopyOnWriteArrayList<>();
    private FileContinuation continuation;

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        table = await(ClusterStreams.open(vertx));
        invite = Promise.promise();
        StreamStart.Mesh mesh = new StreamStart.Mesh() {
            @Override
            @SuppressWarnings("unchecked")
            public <T> Future<T> request(String address, Object body, long timeoutMillis, Class<T> type) {
                requests.add(address);
                if (address.equals(Addresses.INVITE)) {
                    return (Future<T>) invite.future();
                }
                if (address.equals(Addresses.RECORD_QUERY)) {
                    RecordList.Item first = new RecordList.Item(DEVICE, RecordRoutes.deviceTime(START),
                            RecordRoutes.deviceTime(START + 600), "f1", "", "", 0, "time", "", 0);
                    RecordList.Item next = new RecordList.Item(DEVICE, RecordRoutes.deviceTime(START + 600),
                            RecordRoutes.deviceTime(START + 1200), "f2", "", "", 0, "time", "", 0);
                    return (Future<T>) Future.succeededFuture(new RecordList(DEVICE, CHANNEL, 2, true, List.of(first, next)));
                }
                return Future.succeededFuture();
            }

            @Override
            public Future<StreamStarted> expectFirstFrame(String streamId) {
                return Future.future(p -> { });
            }

            @Override
            public Future<StreamStarted> awaitFirstFrame(String streamId) {
                return Future.future(p -> { });
            }

            @Override
            public void forgetFirstFrame(String streamId) {
            }
        };
        continuation = new FileContinuation(mesh, table, (id, reason) -> {
            stops.add(reason);
            return Future.succeededFuture();
        }, 5000);
    }

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private ActiveStream playback(String callId, boolean advancing) throws Exception {
        long now = System.currentTimeMillis();
        ActiveStream s = new ActiveStream("pb", StreamKind.PLAYBACK, DEVICE, CHANNEL, 0, MediaTransport.UDP, START,
                START + 1200, "node", "127.0.0.1", 30000, "http://127.0.0.1:8080", "1000000001", "1000000001", null,
                "H264", 704, 576, now - 300_000, 0, 0, callId, START, now - 300_000, 0, null, advancing);
        return await(table.record(s, null));
    }

    private static MediaStatusNotified endOfFile(String callId) {
        return new MediaStatusNotified(DEVICE, CHANNEL, "121", System.currentTimeMillis(), callId, true);
    }

    private long count(String address) {
        return requests.stream().filter(address::equals).count();
    }

    @Test
    void aSecondEndOfFileWhileMovingOnEndsNeitherDialog() throws Exception {
        playback("call-1", false);
        ActiveStream mine = await(table.update("pb", now -> EndOfFileMatch.taken(endOfFile("call-1"), now)));
        assertTrue(mine != null && mine.advancing());
        Future<Void> moving = continuation.afterEndOfFile(mine);
        Await.eventually("one INVITE", Duration.ofSeconds(5), () -> count(Addresses.INVITE) == 1);

        // the device says 121 again while the next file's INVITE is on its way
        assertNull(await(table.update("pb", now -> EndOfFileMatch.taken(endOfFile("call-1"), now))));
        ActiveStream during = await(table.get("pb"));
        assertTrue(during.advancing());
        StreamFailure refused = assertFails(continuation.restartFrom(during, START + 10));
        assertEquals(409, refused.status());
        assertTrue(refused.getMessage().contains("moving to the next file"), refused.getMessage());

        invite.complete(new InviteAnswer("pb", "call-2", "127.0.0.1", 40000, "1000000001", "gw", 0));
        await(moving);
        ActiveStream after = await(table.get("pb"));
        assertEquals("call-2", after.callId());
        assertFalse(after.advancing());
        assertEquals(1, count(Addresses.BYE), "one BYE, for the dialog whose file ended: " + requests);
        assertEquals(List.of(), stops, "the playback goes on");

        // a late copy of the first dialog's 121 names no stream now, and is not guessed by the channel
        assertNull(EndOfFileMatch.streamOf(endOfFile("call-1"), await(table.all())));
    }

    @Test
    void aSeekBackIsRefusedWhileMovingAndSetsTheFlagItself() throws Exception {
        ActiveStream moving = playback("call-1", true);
        StreamFailure refused = assertFails(continuation.restartFrom(moving, START + 10));
        assertEquals(409, refused.status());
        assertEquals(0, requests.size(), "no BYE, no INVITE");

        ActiveStream still = await(table.update("pb", now -> now.withAdvancing(false)));
        Future<Void> seeking = continuation.restartFrom(still, START + 10);
        Await.eventually("one INVITE", Duration.ofSeconds(5), () -> count(Addresses.INVITE) == 1);
        assertTrue(await(table.get("pb")).advancing(), "a seek back replaces the dialog too");
        assertNull(await(table.update("pb", now -> EndOfFileMatch.taken(endOfFile("call-1"), now))),
                "the old dialog's end of file during the seek is not handled");
        invite.complete(new InviteAnswer("pb", "call-2", "127.0.0.1", 40000, "1000000001", "gw", 0));
        await(seeking);
        assertFalse(await(table.get("pb")).advancing());
    }

    private static StreamFailure assertFails(Future<?> f) throws Exception {
        Throwable failure = Await.failure(f, 10_000);
        assertTrue(failure instanceof StreamFailure, String.valueOf(failure));
        return (StreamFailure) failure;
    }
}
