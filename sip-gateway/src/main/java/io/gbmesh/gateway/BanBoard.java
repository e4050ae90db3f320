package io.gbmesh.gateway;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.AuthBan;
import io.gbmesh.contracts.AuthBanLifted;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes this node's bans visible to the cluster and lets an operator lift them: each ban is written
 * to {@link Addresses#AUTH_BANS_MAP} with a time to live equal to what is left of it (so the map
 * forgets it when it ends), and an {@link AuthBanLifted} on {@link Addresses#AUTH_BAN_LIFTED} lifts it
 * here. Enforcement stays local ({@link AuthGuard}): a REGISTER never waits for the cluster.
 */
final class BanBoard {
    private static final Logger LOG = LoggerFactory.getLogger(BanBoard.class);

    /** Ban lines logged per minute at most: a flood of sources must not flood the log (the count is in /metrics). */
    private static final int LOG_PER_MINUTE = 10;

    private final AsyncMap<String, String> map;
    private long logMinute;
    private int loggedThisMinute;

    private BanBoard(AsyncMap<String, String> map) {
        this.map = map;
    }

    static Future<BanBoard> open(Vertx vertx, AuthGuard guard) {
        Future<Void> listening = vertx.eventBus().<Object>consumer(Addresses.AUTH_BAN_LIFTED, m -> {
            if (m.body() instanceof AuthBanLifted lifted && guard.lift(lifted.kind(), lifted.value())) {
                LOG.info("ban of {} {} lifted", lifted.kind(), lifted.value());
            }
        }).completion();
        return listening.compose(v -> vertx.sharedData().<String, String>getAsyncMap(Addresses.AUTH_BANS_MAP))
                .map(BanBoard::new);
    }

    void post(AuthBan ban) {
        long minute = ban.bannedAtMillis() / 60_000;
        if (minute != logMinute) {
            logMinute = minute;
            loggedThisMinute = 0;
        }
        if (loggedThisMinute++ < LOG_PER_MINUTE) {
            LOG.warn("{} {} banned for {} s after {} failed authentications", ban.kind(), ban.value(),
                    (ban.untilMillis() - ban.bannedAtMillis()) / 1000, ban.failures());
        }
        long ttl = Math.max(1, ban.untilMillis() - System.currentTimeMillis());
        map.put(ban.key(), MeshCodec.toJsonString(ban), ttl)
                .onFailure(err -> LOG.warn("ban of {} not written to the cluster map: {}", ban.key(), err.getMessage()));
    }
}
