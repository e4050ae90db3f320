package io.gbmesh.api.store;

import io.gbmesh.api.ApiRole;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.Transport;
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MeshCluster;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Several api-service replicas in one test: clustered Vert.x members on loopback (a cluster name and
 * Hazelcast port of their own), one fresh database schema they share, and the settings every replica
 * takes. Closing it closes every member and drops the schema.
 */
public final class ApiReplicas implements AutoCloseable {
    private static final HttpClient METRICS = HttpClient.newHttpClient();
    private final String cluster;
    private final int hzPort;
    private final List<Vertx> members = new ArrayList<>();
    private final Map<String, String> env;

    /**
     * @param name       names the cluster and the schema (lower case, underscores)
     * @param adminToken the admin API token of every replica
     * @param portBase   the first Hazelcast port tried (a random step of 10 above it is taken)
     */
    public ApiReplicas(String name, String adminToken, int portBase) {
        this.cluster = "gbmesh-" + name.replace('_', '-') + "-" + ThreadLocalRandom.current().nextInt(1_000_000);
        this.hzPort = portBase + ThreadLocalRandom.current().nextInt(200) * 10;
        this.env = TestPostgres.freshSchemaSettings(name);
        env.put("GB_HTTP_HOST", "127.0.0.1");
        env.put("GB_HTTP_PORT", "0");
        env.put("GB_MQTT_HOST", "127.0.0.1");
        env.put("GB_MQTT_PORT", "0");
        env.put("GB_ADMIN_TOKEN", adminToken);
        env.put("GB_PG_POOL_SIZE", "2");
        env.put("GB_MEDIA_URL_SECRET", "api-tests-media-url-secret");
    }

    /** The settings of the replicas (add to them before the first replica starts). */
    public Map<String, String> env() {
        return env;
    }

    /** A new member of the cluster. */
    public Vertx member() {
        Vertx v = TestPostgres.await(MeshCluster.start(MeshCluster.Settings.loopback(cluster, hzPort)));
        members.add(v);
        return v;
    }

    /** The members, oldest first. */
    public List<Vertx> members() {
        return members;
    }

    /** Closes a member: it leaves the cluster (and its replicas stop). */
    public void leave(Vertx member) {
        members.remove(member);
        TestPostgres.await(member.close());
    }

    /** An api-service replica on a member. */
    public ApiRole replica(Vertx member) {
        return TestPostgres.await(ApiRole.deploy(member, new Env(env)));
    }

    /** An api-service replica on a new member of its own. */
    public ApiRole replica() {
        return replica(member());
    }

    /** Puts the device in the cluster's registry as owned by {@code gatewayNode} (UDP, 127.0.0.1:5060, for an hour). */
    public void registered(Vertx member, String deviceId, String gatewayNode) {
        AsyncMap<String, String> registry = TestPostgres.await(member.sharedData().getAsyncMap(Addresses.REGISTRY_MAP));
        long now = System.currentTimeMillis();
        TestPostgres.await(registry.put(deviceId, MeshCodec.toJsonString(new DeviceRegistration(deviceId, gatewayNode,
                Transport.UDP, "127.0.0.1", 5060, "sip:" + deviceId + "@127.0.0.1:5060", now, now + 3_600_000, now, 60, 3,
                null))));
    }

    /** The value of a counter on the replica's {@code /metrics}, or "" while there is none. */
    public static String metric(ApiRole replica, String name) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + replica.httpPort() + "/metrics")).build();
        try {
            return METRICS.send(request, HttpResponse.BodyHandlers.ofString()).body().lines()
                    .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                    .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        for (Vertx v : members) {
            TestPostgres.await(v.close());
        }
        Vertx db = Vertx.vertx();
        TestPostgres.drop(TestPostgres.await(Database.start(db, new Env(env))));
        TestPostgres.await(db.close());
    }
}
