package io.gbmesh.api.streams;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A download stopped through replica B while it was still queued (its start running on replica A):
 * A still answers for it, so that if A goes before its stream starts, the download is settled (failed,
 * lost with its replica) instead of staying queued for ever under B, whom no sweep asks about it.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class QueuedDownloadStopTest {
    private static final StartsUnderWay.Owner A = new StartsUnderWay.Owner("orchestrator-a", "member-a");
    private static final StartsUnderWay.Owner B = new StartsUnderWay.Owner("orchestrator-b", "member-b");

    private Vertx vertx;
    private Downloads downloads;
    private final List<JsonObject> told = new CopyOnWriteArrayList<>();

    @BeforeEach
    void open() throws Exception {
        vertx = Vertx.vertx();
        downloads = await(Downloads.start(vertx, told::add, (id, reason) -> Future.succeededFuture()));
    }

    @AfterEach
    void close() throws Exception {
        await(vertx.close());
    }

    private Downloads.Entry queuedThroughA(String id) throws Exception {
        Downloads.Entry e = new Downloads.Entry(id, "34020000001320000001", "34020000001310000001", 1_700_000_000L,
                1_700_000_060L, 1, "udp", System.currentTimeMillis());
        e.ownedBy(A);
        await(downloads.add(e));
        return e;
    }

    @Test
    void aQueuedDownloadStoppedThroughAnotherReplicaIsSettledOnceItsStarterIsGone() throws Exception {
        String id = "34020000001320000001_34020000001310000001_1000000001";
        queuedThroughA(id);
        await(downloads.stopAsked(id, B));
        assertEquals(A.node(), await(downloads.get(id)).ownerNode(), "still answered for by the replica starting it");

        // A leaves the cluster before its stream started: its start settled (closed), the stream not in the table
        OrphanDownloads sweep = new OrphanDownloads(downloads, B, () -> List.of(B.node()), streamId -> Future.succeededFuture(),
                streamId -> Future.succeededFuture(false), told::add);
        await(sweep.sweep());
        Downloads.Entry after = await(downloads.get(id));
        assertEquals(Downloads.State.FAILED, after.state(), "not queued for ever");
        assertTrue(after.describe(System.currentTimeMillis()).getString("reason").startsWith(Downloads.REPLICA_LOST));
    }

    @Test
    void aRunningDownloadStoppedThroughAnotherReplicaIsAnsweredForByIt() throws Exception {
        String id = "34020000001320000001_34020000001310000001_1000000002";
        Downloads.Entry e = queuedThroughA(id);
        await(downloads.change(id, x -> {
            x.running(EndOfFileMatchTest.stream(id, io.gbmesh.contracts.StreamKind.DOWNLOAD, e.channelId, "call-1", 1, 1), -1);
            return true;
        }));
        await(downloads.stopAsked(id, B));
        assertEquals(B.node(), await(downloads.get(id)).ownerNode(), "its end, reported by its node, is B's to tell");
    }

    @Test
    void aDownloadQueuedLongWithNeitherItsStartNorItsStreamFailsWhoeverAnswersForIt() throws Exception {
        String stale = "34020000001320000001_34020000001310000001_1000000003";
        String starting = "34020000001320000001_34020000001310000001_1000000004";
        String recent = "34020000001320000001_34020000001310000001_1000000005";
        long longAgo = System.currentTimeMillis() - 60_000;
        for (String id : List.of(stale, starting, recent)) {
            Downloads.Entry e = new Downloads.Entry(id, "34020000001320000001", "34020000001310000001", 1_700_000_000L,
                    1_700_000_060L, 1, "udp", id.equals(recent) ? System.currentTimeMillis() : longAgo);
            e.ownedBy(B); // as an older version left it: moved to the replica a stop went through, alive
            await(downloads.add(e));
        }
        OrphanDownloads sweep = new OrphanDownloads(downloads, B, () -> List.of(B.node()), streamId -> Future.succeededFuture(),
                streamId -> Future.succeededFuture(streamId.equals(starting)), told::add, 30_000);
        await(sweep.sweep());
        Downloads.Entry failed = await(downloads.get(stale));
        assertEquals(Downloads.State.FAILED, failed.state());
        assertTrue(failed.describe(System.currentTimeMillis()).getString("reason").startsWith(Downloads.START_LOST));
        assertEquals(Downloads.State.QUEUED, await(downloads.get(starting)).state(), "its start still under way");
        assertEquals(Downloads.State.QUEUED, await(downloads.get(recent)).state(), "within its grace");
        assertEquals(List.of(stale), told.stream().map(j -> j.getString("downloadId")).toList());
    }
}
