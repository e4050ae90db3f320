package io.gbmesh.runtime;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MapConfig;
import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.MeshCodec;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.EventBusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.util.List;

/**
 * Builds the clustered Vert.x every role runs in: Hazelcast with TCP-IP join on a member list
 * (loopback by default, so nothing leaves the machine), or Kubernetes discovery in a pod.
 *
 * <p>Settings: {@code GB_CLUSTER_NAME} (default gbmesh), {@code GB_CLUSTER_MEMBERS} (comma list,
 * default 127.0.0.1), {@code GB_CLUSTER_PORT} (default 5701, incremented when taken),
 * {@code GB_CLUSTER_HOST} (interface to bind, default 127.0.0.1), {@code GB_CLUSTER_DISCOVERY}
 * ({@code tcp} or {@code kubernetes}), {@code GB_K8S_SERVICE} (headless service for discovery).
 */
public final class MeshCluster {
    private MeshCluster() {
    }

    public record Settings(String name, String host, int port, List<String> members, String discovery,
                           String kubernetesService, String eventBusHost) {
        public static Settings fromEnv(Env env) {
            String host = env.get("GB_CLUSTER_HOST", "127.0.0.1");
            return new Settings(env.get("GB_CLUSTER_NAME", "gbmesh"), host, env.getInt("GB_CLUSTER_PORT", 5701),
                    List.of(env.get("GB_CLUSTER_MEMBERS", "127.0.0.1").split(",")),
                    env.get("GB_CLUSTER_DISCOVERY", "tcp"), env.get("GB_K8S_SERVICE", "gbmesh-cluster"),
                    env.get("GB_EVENTBUS_HOST", host));
        }

        /** A loopback cluster of its own, for tests that start several nodes in one JVM. */
        public static Settings loopback(String name, int port) {
            List<String> members = new java.util.ArrayList<>();
            for (int p = port; p < port + 10; p++) {
                members.add("127.0.0.1:" + p);
            }
            return new Settings(name, "127.0.0.1", port, members, "tcp", null, "127.0.0.1");
        }
    }

    public static Future<Vertx> start(Settings settings) {
        Config hz = ConfigUtil.loadConfig();
        hz.setClusterName(settings.name());
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        hz.setProperty("hazelcast.wait.seconds.before.join", "0");
        hz.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        hz.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(true).setPortCount(10);
        hz.getNetworkConfig().getInterfaces().setEnabled(!settings.discovery().equals("kubernetes"))
                .addInterface(settings.host());
        JoinConfig join = hz.getNetworkConfig().getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        if (settings.discovery().equals("kubernetes")) {
            join.getTcpIpConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(true).setProperty("service-name", settings.kubernetesService());
        } else {
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        }
        // the registry survives the loss of one member
        hz.addMapConfig(new MapConfig(Addresses.REGISTRY_MAP).setBackupCount(1).setAsyncBackupCount(0));
        hz.addMapConfig(new MapConfig(Addresses.CHANNELS_MAP).setBackupCount(1));
        HazelcastClusterManager manager = new HazelcastClusterManager(hz);
        VertxOptions options = new VertxOptions()
                .setEventBusOptions(new EventBusOptions().setHost(settings.eventBusHost()).setPort(0));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .onSuccess(vertx -> MeshCodec.register(vertx.eventBus()));
    }
}
