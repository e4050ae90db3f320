package io.gbmesh.api.streams;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MediaNodeLoad;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.shareddata.AsyncMap;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A media node that stops reporting its load (killed, partitioned away) loses no stream: every
 * {@code checkMillis} the nodes silent for the orchestrator's stale time ({@link SilentMediaNodes})
 * are looked for, and each stream the cluster's table has on a lost node is re-opened on the least
 * loaded live node ({@link StreamRelocation}). Every replica watches; the one that claims a stream
 * first in {@value #CLAIMS} (an atomic put-if-absent, kept a minute) moves it, so a stream moves once
 * whichever replicas are alive. A stream that cannot be moved (no other node, the device does not
 * answer) is stopped. The viewer's stable URL ({@code /api/v1/streams/{id}/live.flv}) follows the
 * table, so a viewer reconnecting there is sent to the new node.
 */
public final class MediaNodeFailover extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(MediaNodeFailover.class);
    static final String CLAIMS = "gb.streams.relocations";
    private static final long CLAIM_TTL_MILLIS = 60_000;

    private final StreamOrchestrator orchestrator;
    private final StreamOrchestrator.StreamSettings settings;
    private final long checkMillis;
    private SilentMediaNodes silent;
    private MediaNodes live;
    private StreamRelocation relocation;
    private ClusterStreams table;
    private AsyncMap<String, String> claims;
    private long moved;
    private long failed;

    public MediaNodeFailover(StreamOrchestrator orchestrator, StreamOrchestrator.StreamSettings settings) {
        this.orchestrator = orchestrator;
        this.settings = settings;
        this.checkMillis = Math.max(100, settings.nodeStaleMillis() / 5);
    }

    @Override
    public Future<?> start() {
        silent = new SilentMediaNodes(settings.nodeStaleMillis());
        live = new MediaNodes(settings.nodeStaleMillis());
        Future<ClusterStreams> streams = ClusterStreams.open(vertx);
        Future<AsyncMap<String, String>> claimed = vertx.sharedData().getAsyncMap(CLAIMS);
        return Future.all(streams, claimed).compose(v -> {
            table = streams.result();
            claims = claimed.result();
            relocation = new StreamRelocation(orchestrator, table, settings.inviteTimeoutMillis());
            vertx.setPeriodic(checkMillis, id -> check());
            return vertx.eventBus().<Object>consumer(Addresses.MEDIA_LOAD, m -> {
                MediaNodeLoad load = (MediaNodeLoad) m.body();
                silent.heard(load.nodeId(), System.currentTimeMillis());
                live.report(new MediaNodeLoad(load.nodeId(), load.host(), load.httpBaseUrl(), load.streams(), load.viewers(),
                        load.freePorts(), load.bitrateKbps(), load.cpuLoad(), System.currentTimeMillis()));
            }).completion();
        });
    }

    /** Streams moved to another node, and streams that could not be (stopped), by this replica. */
    public long moved() {
        return moved;
    }

    public long failed() {
        return failed;
    }

    private void check() {
        List<String> lost = silent.lostAt(System.currentTimeMillis());
        if (lost.isEmpty()) {
            return;
        }
        LOG.warn("media node(s) {} silent for {} ms: moving their streams", lost, settings.nodeStaleMillis());
        table.all().onSuccess(all -> all.stream().filter(s -> lost.contains(s.mediaNode())).forEach(this::claimAndMove))
                .onFailure(e -> LOG.warn("stream table unreadable, streams of {} not moved: {}", lost, e.toString()));
    }

    private void claimAndMove(ActiveStream s) {
        claims.putIfAbsent(s.streamId() + "@" + s.mediaNode(), "claimed", CLAIM_TTL_MILLIS).onSuccess(previous -> {
            if (previous != null) {
                return; // another replica moves it
            }
            MediaNodeLoad target = live.leastLoaded(System.currentTimeMillis()).orElse(null);
            if (target == null || target.nodeId().equals(s.mediaNode())) {
                giveUp(s, "no other media node");
                return;
            }
            LOG.info("moving stream {} from lost node {} to {}", s.streamId(), s.mediaNode(), target.nodeId());
            relocation.relocate(s, target).onSuccess(m -> {
                moved++;
                LOG.info("stream {} moved from {} to {}", s.streamId(), s.mediaNode(), target.nodeId());
                live.report(bump(target));
            }).onFailure(e -> giveUp(s, e.getMessage()));
        });
    }

    /** Counts the stream moved to {@code n} at once, so that the next move of the same check spreads. */
    private static MediaNodeLoad bump(MediaNodeLoad n) {
        return new MediaNodeLoad(n.nodeId(), n.host(), n.httpBaseUrl(), n.streams() + 1, n.viewers(), n.freePorts() - 1,
                n.bitrateKbps(), n.cpuLoad(), n.at());
    }

    private void giveUp(ActiveStream s, String why) {
        failed++;
        LOG.warn("stream {} of lost node {} cannot be moved ({}): stopping it", s.streamId(), s.mediaNode(), why);
        orchestrator.stop(s.streamId(), "media-node-lost").onFailure(e -> LOG.debug("stop of {}: {}", s.streamId(), e.toString()));
    }
}
