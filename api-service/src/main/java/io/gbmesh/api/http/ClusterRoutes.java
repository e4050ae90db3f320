package io.gbmesh.api.http;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.ApiReplicaPresence;
import io.gbmesh.contracts.GatewayPresence;
import io.gbmesh.contracts.MediaNodeLoad;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.runtime.NodeIdentity;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.Router;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /cluster}: the mesh as it runs now. Gateways from the directory they renew in the
 * cluster ({@link Addresses#GATEWAYS_MAP}: address, devices owned, redirect weight), media nodes from
 * their periodic load reports ({@link Addresses#MEDIA_LOAD}, those heard from in the last
 * {@code 3 × GB_MEDIA_LOAD_INTERVAL_MS}), and the api-service replicas, each of which announces itself
 * in {@link Addresses#API_REPLICAS_MAP} every {@value #PRESENCE_MILLIS} ms.
 */
public final class ClusterRoutes implements ApiRoutes {
    static final long PRESENCE_MILLIS = 5_000;

    private final Map<String, MediaNodeLoad> media = new ConcurrentHashMap<>();

    @Override
    public void mount(Router v1, ApiServices s) {
        s.vertx().eventBus().<Object>consumer(Addresses.MEDIA_LOAD, m -> {
            if (m.body() instanceof MediaNodeLoad load) {
                media.put(load.nodeId(), load);
            }
        });
        ApiReplicaPresence self = new ApiReplicaPresence(s.config().env().get("GB_NODE_ID", NodeIdentity.defaultNodeId("api")),
                NodeIdentity.localAddress(), s.config().port(), 0);
        Future<AsyncMap<String, String>> replicas = s.vertx().sharedData().getAsyncMap(Addresses.API_REPLICAS_MAP);
        Runnable announce = () -> replicas.compose(map -> map.put(self.nodeId(),
                MeshCodec.toJsonString(new ApiReplicaPresence(self.nodeId(), self.host(), self.httpPort(), System.currentTimeMillis())),
                3 * PRESENCE_MILLIS));
        announce.run();
        s.vertx().setPeriodic(PRESENCE_MILLIS, id -> announce.run());
        long mediaStaleMillis = 3L * s.config().env().getInt("GB_MEDIA_LOAD_INTERVAL_MS", 2000);

        v1.get("/cluster").handler(ctx -> {
            Future<Map<String, String>> gateways = s.vertx().sharedData().<String, String>getAsyncMap(Addresses.GATEWAYS_MAP)
                    .compose(AsyncMap::entries);
            Future<Map<String, String>> apis = replicas.compose(AsyncMap::entries);
            Future.all(gateways, apis).map(v -> {
                long now = System.currentTimeMillis();
                List<GatewayPresence> gw = decode(gateways.result(), GatewayPresence.class).stream()
                        .sorted(Comparator.comparing(GatewayPresence::nodeId)).toList();
                JsonArray gwJson = new JsonArray();
                long owned = 0;
                for (GatewayPresence g : gw) {
                    owned += g.ownedDevices();
                    gwJson.add(new JsonObject().put("nodeId", g.nodeId()).put("sipHost", g.sipHost()).put("sipPort", g.sipPort())
                            .put("ownedDevices", g.ownedDevices()).put("weight", g.weight()).put("lastSeen", time(g.at())));
                }
                media.values().removeIf(l -> now - l.at() > mediaStaleMillis);
                JsonArray mediaJson = new JsonArray();
                media.values().stream().sorted(Comparator.comparing(MediaNodeLoad::nodeId)).forEach(l -> mediaJson.add(
                        new JsonObject().put("nodeId", l.nodeId()).put("host", l.host()).put("httpBaseUrl", l.httpBaseUrl())
                                .put("streams", l.streams()).put("viewers", l.viewers()).put("freePorts", l.freePorts())
                                .put("bitrateKbps", l.bitrateKbps()).put("cpuLoad", l.cpuLoad()).put("lastSeen", time(l.at()))));
                JsonArray apiJson = new JsonArray();
                decode(apis.result(), ApiReplicaPresence.class).stream().sorted(Comparator.comparing(ApiReplicaPresence::nodeId))
                        .forEach(a -> apiJson.add(new JsonObject().put("nodeId", a.nodeId()).put("host", a.host())
                                .put("httpPort", a.httpPort()).put("lastSeen", time(a.at()))));
                return new JsonObject().put("gateways", gwJson).put("mediaNodes", mediaJson).put("apiReplicas", apiJson)
                        .put("devicesOwned", owned);
            }).recover(err -> Future.failedFuture(new ApiProblem(503, "the cluster maps are unreachable: " + err.getMessage())))
                    .onSuccess(ctx::json).onFailure(ctx::fail);
        });
    }

    private static <T extends io.gbmesh.contracts.MeshMessage> List<T> decode(Map<String, String> entries, Class<T> type) {
        return entries.values().stream().map(json -> {
            try {
                return MeshCodec.fromJson(json, type);
            } catch (RuntimeException e) {
                return null;
            }
        }).filter(Objects::nonNull).toList();
    }

    private static String time(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }
}
