package io.gbmesh.api.streams;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.QueryFailure;
import io.gbmesh.contracts.StreamKind;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The starts under way as replicas see them in the cluster map: a start whose replica is gone is
 * closed by one replica (BYE sent again until a gateway holds the dialog, then the node's port and the
 * SSRC), or kept when its stream made it to the stream table; a live replica's start is left alone.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StartsUnderWayTest {
    private static final String DEVICE = "34020000001320000001";
    private static final String CHANNEL = "34020000001310000001";
    private static final String SSRC_OWNER = DEVICE + "_" + CHANNEL;
    private static final String NODE = "media-1";

    private Vertx vertx;
    private Context context;
    private ClusterStreams table;
    private SsrcAllocator ssrcs;
    /** The closes sent: "address streamId". */
    private final List<String> closes = new CopyOnWriteArrayList<>();
    /** How many BYEs find no dialog yet before one does. */
    private final AtomicInteger byesBeforeTheDialog = new AtomicInteger();

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        context = vertx.getOrCreateContext();
        table = await(ClusterStreams.open(vertx));
        ssrcs = await(SsrcAllocator.open(vertx, "3402000000"));
    }

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    /** Runs on the context the starts are kept on, as the orchestrator does. */
    private <T> T onContext(Supplier<Future<T>> work) throws Exception {
        Promise<T> done = Promise.promise();
        context.runOnContext(v -> work.get().onComplete(done));
        return await(done.future());
    }

    /** The starts of one orchestrator, on a member; the members alive are "alive" only. */
    private StartsUnderWay replica(String id, String member) throws Exception {
        return replica(id, member, StartsUnderWay.UNREADABLE_GRACE_MILLIS);
    }

    /** The same, an unreadable entry removed once seen so for {@code graceMillis}. */
    private StartsUnderWay replica(String id, String member, long graceMillis) throws Exception {
        return await(StartsUnderWay.open(vertx, new StartsUnderWay.Owner(id, member), () -> List.of("alive"),
                (address, close) -> {
                    closes.add(address + " " + close.streamId());
                    return address.equals(Addresses.BYE) && byesBeforeTheDialog.getAndDecrement() > 0
                            ? Future.failedFuture(new ReplyException(ReplyFailure.RECIPIENT_FAILURE, QueryFailure.UNKNOWN_DEVICE,
                            "no dialog for stream " + close.streamId()))
                            : Future.succeededFuture();
                }, table, ssrcs, 40_000, graceMillis));
    }

    private void put(String key, String json) throws Exception {
        await(vertx.sharedData().<String, String>getAsyncMap(StartsUnderWay.MAP).compose(m -> m.put(key, json)));
    }

    private String entry(String key) throws Exception {
        return await(vertx.sharedData().<String, String>getAsyncMap(StartsUnderWay.MAP).compose(m -> m.get(key)));
    }

    /** The entry a replica on a member that is gone wrote for a start of {@code streamId}, SSRC claimed. */
    private io.vertx.core.json.JsonObject orphanEntry(String streamId) throws Exception {
        String ssrc = await(ssrcs.claim(false, SSRC_OWNER));
        return io.vertx.core.json.JsonObject.mapFrom(new StartsUnderWay.Start(streamId, DEVICE, CHANNEL, ssrc, SSRC_OWNER,
                NODE, "a", "gone", System.currentTimeMillis()));
    }

    /** A start recorded by {@code starter} after claiming its SSRC: its stream ID. */
    private String begun(StartsUnderWay starter) throws Exception {
        String ssrc = await(ssrcs.claim(false, SSRC_OWNER));
        String streamId = SSRC_OWNER + "_" + ssrc;
        onContext(() -> starter.begin(streamId, DEVICE, CHANNEL, ssrc, SSRC_OWNER, NODE));
        return streamId;
    }

    private Set<String> recorded() throws Exception {
        return await(vertx.sharedData().<String, String>getAsyncMap(StartsUnderWay.MAP).compose(AsyncMap::keys));
    }

    private Set<String> ssrcsInUse() throws Exception {
        return await(vertx.sharedData().<String, String>getAsyncMap(SsrcAllocator.MAP).compose(AsyncMap::keys));
    }

    @Test
    void theStartOfAGoneReplicaIsClosedOnceAGatewayHoldsItsDialog() throws Exception {
        String orphan = begun(replica("a", "gone"));
        byesBeforeTheDialog.set(2);
        onContext(replica("b", "alive")::sweep);
        String bye = Addresses.BYE + " " + orphan;
        assertEquals(List.of(bye, bye, bye, Addresses.mediaNode(NODE) + " " + orphan), closes);
        assertTrue(recorded().isEmpty(), "settled");
        assertTrue(ssrcsInUse().isEmpty(), "the SSRC released");
    }

    @Test
    void aStreamThatMadeItToTheTableIsKept() throws Exception {
        String started = begun(replica("a", "gone"));
        await(table.record(EndOfFileMatchTest.stream(started, StreamKind.PLAY, CHANNEL, "call-1", 1, 1), null));
        onContext(replica("b", "alive")::sweep);
        assertEquals(List.of(), closes);
        assertTrue(recorded().isEmpty(), "settled");
        assertNotNull(await(table.get(started)), "listed and stoppable");
        assertEquals(1, ssrcsInUse().size(), "its SSRC kept");
    }

    @Test
    void aLiveReplicasStartIsLeftAloneAndOneLeftByItsOwnReplicaIsClosed() throws Exception {
        StartsUnderWay b = replica("b", "alive");
        String running = begun(replica("a", "alive"));
        String left = begun(b);
        onContext(() -> {
            b.abandon(left);
            return Future.succeededFuture();
        });
        onContext(b::sweep);
        assertEquals(List.of(Addresses.BYE + " " + left, Addresses.mediaNode(NODE) + " " + left), closes);
        assertEquals(Set.of(running), recorded());
    }

    @Test
    void twoReplicasSweepingAtOnceCloseAnOrphanOnce() throws Exception {
        String orphan = begun(replica("a", "gone"));
        StartsUnderWay b = replica("b", "alive");
        StartsUnderWay c = replica("c", "alive");
        onContext(() -> Future.join(b.sweep(), c.sweep()));
        assertEquals(List.of(Addresses.BYE + " " + orphan, Addresses.mediaNode(NODE) + " " + orphan), closes);
        assertTrue(recorded().isEmpty(), "settled");
    }

    @Test
    void aMalformedEntryHoldsBackNoOrphanAfterItAndTheSweepSucceeds() throws Exception {
        put("0-malformed", "{}");
        String orphan = begun(replica("a", "gone"));
        StartsUnderWay b = replica("b", "alive");
        onContext(b::sweep); // fails (an NPE in the sweep) if a start of nulls is read as one
        assertEquals(List.of(Addresses.BYE + " " + orphan, Addresses.mediaNode(NODE) + " " + orphan), closes);
        assertEquals(Set.of("0-malformed"), recorded(), "the orphan settled, the malformed entry left within its grace");
        assertEquals(1, b.unreadable());
    }

    @Test
    void anOrphanIsSettledUnderItsKeyWhateverItsValueSays() throws Exception {
        String key = SSRC_OWNER + "_keyed";
        put(key, orphanEntry("another-stream-id").encode());
        onContext(replica("b", "alive")::sweep);
        assertEquals(List.of(Addresses.BYE + " " + key, Addresses.mediaNode(NODE) + " " + key), closes);
        assertTrue(recorded().isEmpty(), "settled");
        assertTrue(ssrcsInUse().isEmpty(), "the SSRC released");
    }

    @Test
    void aStartWithAFieldOfANewerVersionIsRead() throws Exception {
        String key = SSRC_OWNER + "_newer";
        put(key, orphanEntry(key).put("priority", 3).encode());
        StartsUnderWay b = replica("b", "alive");
        onContext(b::sweep);
        assertEquals(List.of(Addresses.BYE + " " + key, Addresses.mediaNode(NODE) + " " + key), closes);
        assertEquals(0, b.unreadable());
        assertTrue(recorded().isEmpty(), "settled");
    }

    @Test
    void anUnreadableEntryIsCountedOnceAndRemovedAfterItsGrace() throws Exception {
        put("unreadable", "{\"streamId\":\"unreadable\"}");
        put("not-json", "garbage");
        StartsUnderWay b = replica("b", "alive", 1_000);
        onContext(b::sweep);
        assertEquals(Set.of("unreadable"), recorded(), "what no version writes is removed at once; the other left");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!recorded().isEmpty()) {
            assertTrue(System.currentTimeMillis() < deadline, "removed after its grace");
            onContext(b::sweep); // the sweep's own pace: each completes before the next
        }
        assertEquals(2, b.unreadable(), "each counted once, not once per sweep");
        assertEquals(List.of(), closes);
    }

    @Test
    void theEndOfAStartRemovesOnlyTheEntryItWrote() throws Exception {
        StartsUnderWay a = replica("a", "alive");
        String streamId = begun(a);
        // a start of replica c recorded under the same stream ID (its SSRC claimed again) before a's end came
        StartsUnderWay c = replica("c", "alive");
        onContext(() -> c.begin(streamId, DEVICE, CHANNEL, "0000000001", SSRC_OWNER, NODE));
        String newer = entry(streamId);
        onContext(() -> a.end(streamId));
        assertEquals(newer, entry(streamId), "the newer start's entry kept");
    }
}
