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
 * ({@code tcp} or {@code kubernetes}), {@code GB_K8S_SERVICE} (headless service for discovery),
 * {@code GB_EVENTBUS_HOST} (default: the cluster host) and {@code GB_EVENTBUS_PORT} (default
 * {@value #KUBERNETES_EVENTBUS_PORT} with Kubernetes discovery, where a NetworkPolicy names it; else a free port).
 *
 * <p>Both Hazelcast and the event bus listen on the configured interface only, never on every
 * interface: the cluster protocol is not authenticated, so whoever reaches these ports joins the mesh.
 */
public final class MeshCluster {
    /** The event-bus port of a pod: fixed, so that the NetworkPolicy in {@code k8s/} can name it. */
    public static final int KUBERNETES_EVENTBUS_PORT = 5711;

    private MeshCluster() {
    }

    /**
     * Gives Hazelcast a pool for its asynchronous callbacks. Hazelcast runs them on the JDK's common
     * fork-join pool, but when that pool has a parallelism of 1 (the JDK's default on a 2-core machine:
     * cores - 1) it starts a new thread for every callback instead: one per completed map operation of
     * the registry, thousands a second in a registration storm (16,640 threads in a 15-minute
     * 10,000-camera run). The common pool's parallelism is read once, when the pool is first used, so
     * this sets it before Hazelcast starts unless it was set on the command line (every role's main
     * calls it first, before anything can start the pool); a JVM whose pool was already made with one
     * thread is told so in the log.
     */
    private static final java.util.concurrent.atomic.AtomicBoolean POOL_WARNED = new java.util.concurrent.atomic.AtomicBoolean();

    public static void ensureCallbackPool() {
        String key = "java.util.concurrent.ForkJoinPool.common.parallelism";
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors())));
        }
        if (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() < 2 && !POOL_WARNED.getAndSet(true)) {
            org.slf4j.LoggerFactory.getLogger(MeshCluster.class).warn(
                    "the common fork-join pool has one thread: Hazelcast starts a thread per asynchronous callback;"
                            + " start the JVM with -D{}=2 or more", key);
        }
    }

    /** {@code eventBusPort} 0 takes a free port. */
    public record Settings(String name, String host, int port, List<String> members, String discovery,
                           String kubernetesService, String eventBusHost, int eventBusPort) {
        public Settings(String name, String host, int port, List<String> members, String discovery,
                        String kubernetesService, String eventBusHost) {
            this(name, host, port, members, discovery, kubernetesService, eventBusHost, 0);
        }

        public static Settings fromEnv(Env env) {
            String discovery = env.get("GB_CLUSTER_DISCOVERY", "tcp");
            // in a pod the host name resolves to the pod's IP, the interface the other pods reach
            String host = env.get("GB_CLUSTER_HOST",
                    discovery.equals("kubernetes") ? NodeIdentity.localAddress() : "127.0.0.1");
            // several roles may run as separate JVMs on one machine: only a pod has a port range of its own
            int eventBusPort = env.getInt("GB_EVENTBUS_PORT",
                    discovery.equals("kubernetes") ? KUBERNETES_EVENTBUS_PORT : 0);
            return new Settings(env.get("GB_CLUSTER_NAME", "gbmesh"), host, env.getInt("GB_CLUSTER_PORT", 5701),
                    List.of(env.get("GB_CLUSTER_MEMBERS", "127.0.0.1").split(",")),
                    discovery, env.get("GB_K8S_SERVICE", "gbmesh-cluster"),
                    env.get("GB_EVENTBUS_HOST", host), eventBusPort);
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
        ensureCallbackPool();
        Config hz = ConfigUtil.loadConfig();
        hz.setClusterName(settings.name());
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.shutdownhook.enabled", "false");
        hz.setProperty("hazelcast.wait.seconds.before.join", "0");
        hz.setProperty("hazelcast.max.wait.seconds.before.join", "0");
        // Hazelcast binds 0.0.0.0 by default even with an interface configured; the interface alone is
        // then only the address it advertises
        hz.setProperty("hazelcast.socket.bind.any", "false");
        hz.getNetworkConfig().setPort(settings.port()).setPortAutoIncrement(true).setPortCount(10);
        hz.getNetworkConfig().getInterfaces().setEnabled(true).addInterface(settings.host());
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
        // so do the streams: any api-service replica stops a stream another one started
        hz.addMapConfig(new MapConfig(Addresses.STREAMS_MAP).setBackupCount(1).setAsyncBackupCount(0));
        hz.addMapConfig(new MapConfig(Addresses.LIVE_CHANNELS_MAP).setBackupCount(1).setAsyncBackupCount(0));
        HazelcastClusterManager manager = new HazelcastClusterManager(hz);
        VertxOptions options = new VertxOptions()
                .setEventBusOptions(new EventBusOptions().setHost(settings.eventBusHost()).setPort(settings.eventBusPort()));
        return Vertx.builder().with(options).withClusterManager(manager).buildClustered()
                .onSuccess(vertx -> MeshCodec.register(vertx.eventBus()));
    }
}
