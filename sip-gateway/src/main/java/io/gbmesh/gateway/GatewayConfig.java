package io.gbmesh.gateway;

import io.gbmesh.gateway.redirect.RedirectSettings;
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.NodeIdentity;
import io.gbmesh.sipstack.EndpointLimits;
import io.gbmesh.sipstack.ListenMode;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's settings, from environment variables (see the README's configuration reference).
 *
 * @param passwords per-device passwords given at start-up ({@code GB_DEVICE_PASSWORDS=id:pw,id:pw});
 *                  they override the global password, as do those set at run time in the cluster
 * @param password  the global device password ({@code GB_SIP_PASSWORD}); empty when {@code GB_SIP_AUTH=off}
 * @param auth      whether devices must authenticate, and the answer to repeated failures
 * @param caps      what one device may make the gateway hold (channels, catalog pages, pending queries)
 * @param queryConcurrency how many devices that just came online are asked their online queries at once ({@link OnlineQueue})
 * @param sipBounds the SIP endpoint's caps on transactions and TCP connections and its TCP timeouts
 * @param redirect  registration redirect to other gateway nodes (GB/T 28181-2022)
 * @param events    subscriptions made on devices, catalog refresh, and the per-device alarm rate
 */
public record GatewayConfig(String nodeId, String sipId, String domain, String host, String advertisedHost, int port,
                            ListenMode listenMode, String password, Map<String, String> passwords,
                            int heartbeatInterval, int heartbeatCount, int defaultExpires, int maxExpires,
                            String nonceSecret, int nonceLifetimeSeconds, int queryTimeoutMillis,
                            int catalogTimeoutMillis, boolean queryOnOnline, int queryConcurrency, int sipTimeoutMillis,
                            int livenessSweepMillis, int statsLogSeconds, boolean digestQop, int httpPort,
                            AuthSettings auth, DeviceCaps caps, EndpointLimits sipBounds, RedirectSettings redirect,
                            EventSettings events) {

    public static GatewayConfig fromEnv(Env env) {
        String host = env.get("GB_SIP_HOST", "0.0.0.0");
        AuthSettings auth = AuthSettings.fromEnv(env);
        return new GatewayConfig(
                env.get("GB_NODE_ID", NodeIdentity.defaultNodeId("gateway")),
                env.get("GB_SIP_ID", "34020000002000000001"),
                env.get("GB_SIP_DOMAIN", "3402000000"),
                host,
                env.get("GB_SIP_ADVERTISED_HOST", host.equals("0.0.0.0") ? NodeIdentity.localAddress() : host),
                env.getInt("GB_SIP_PORT", 5060),
                ListenMode.parse(env.get("GB_SIP_LISTEN", "both")),
                auth.required() ? env.get("GB_SIP_PASSWORD", "") : "",
                parsePasswords(env.get("GB_DEVICE_PASSWORDS", "")),
                env.getInt("GB_HEARTBEAT_INTERVAL", 60),
                env.getInt("GB_HEARTBEAT_COUNT", 3),
                env.getInt("GB_REGISTER_EXPIRES", 3600),
                env.getInt("GB_REGISTER_MAX_EXPIRES", 86400),
                env.get("GB_NONCE_SECRET", ""),
                env.getInt("GB_NONCE_LIFETIME", 300),
                env.getInt("GB_QUERY_TIMEOUT_MS", 10_000),
                env.getInt("GB_CATALOG_TIMEOUT_MS", 15_000),
                env.getBoolean("GB_QUERY_ON_ONLINE", true),
                env.getInt("GB_QUERY_CONCURRENCY", 200),
                env.getInt("GB_SIP_TIMEOUT_MS", 32_000),
                env.getInt("GB_LIVENESS_SWEEP_MS", 2_000),
                env.getInt("GB_STATS_LOG_SECONDS", 300),
                env.getBoolean("GB_SIP_DIGEST_QOP", false),
                env.getInt("GB_GATEWAY_HTTP_PORT", -1),
                auth,
                DeviceCaps.fromEnv(env),
                sipBounds(env),
                RedirectSettings.fromEnv(env),
                EventSettings.fromEnv(env));
    }

    static EndpointLimits sipBounds(Env env) {
        EndpointLimits d = EndpointLimits.DEFAULT;
        return new EndpointLimits(
                env.getInt("GB_SIP_MAX_SERVER_TRANSACTIONS", d.maxServerTransactions()),
                env.getInt("GB_SIP_MAX_CLIENT_TRANSACTIONS", d.maxClientTransactions()),
                env.getInt("GB_SIP_TCP_MAX_CONNECTIONS", d.tcpMaxConnections()),
                env.getInt("GB_SIP_TCP_MAX_PER_SOURCE", d.tcpMaxPerSource()),
                env.getInt("GB_SIP_TCP_UNBOUND_IDLE_S", (int) (d.tcpUnboundIdleMillis() / 1000)) * 1000L,
                env.getInt("GB_SIP_TCP_MESSAGE_TIMEOUT_MS", (int) d.tcpMessageTimeoutMillis()),
                env.getInt("GB_SIP_MAX_COMPLETED_TRANSACTIONS", d.maxCompletedTransactions()))
                .withUdpSockets(Math.max(1, env.getInt("GB_SIP_UDP_SOCKETS", Runtime.getRuntime().availableProcessors())));
    }

    public static GatewayConfig defaults() {
        return fromEnv(new Env(Map.of()));
    }

    public GatewayConfig withPort(int p) {
        return new GatewayConfig(nodeId, sipId, domain, host, advertisedHost, p, listenMode, password, passwords,
                heartbeatInterval, heartbeatCount, defaultExpires, maxExpires, nonceSecret, nonceLifetimeSeconds,
                queryTimeoutMillis, catalogTimeoutMillis, queryOnOnline, queryConcurrency, sipTimeoutMillis, livenessSweepMillis,
                statsLogSeconds, digestQop, httpPort, auth, caps, sipBounds, redirect, events);
    }

    /** The same settings with the global device password set (the launcher's generated one). */
    public GatewayConfig withPassword(String p) {
        return new GatewayConfig(nodeId, sipId, domain, host, advertisedHost, port, listenMode, p, passwords,
                heartbeatInterval, heartbeatCount, defaultExpires, maxExpires, nonceSecret, nonceLifetimeSeconds,
                queryTimeoutMillis, catalogTimeoutMillis, queryOnOnline, queryConcurrency, sipTimeoutMillis, livenessSweepMillis,
                statsLogSeconds, digestQop, httpPort, auth, caps, sipBounds, redirect, events);
    }

    /** The same settings with the operational HTTP port ({@code /health}, {@code /ready}, {@code /metrics}) set when it was not. */
    public GatewayConfig withDefaultHttpPort(int port) {
        return httpPort >= 0 ? this : new GatewayConfig(nodeId, sipId, domain, host, advertisedHost, this.port, listenMode,
                password, passwords, heartbeatInterval, heartbeatCount, defaultExpires, maxExpires, nonceSecret,
                nonceLifetimeSeconds, queryTimeoutMillis, catalogTimeoutMillis, queryOnOnline, queryConcurrency, sipTimeoutMillis,
                livenessSweepMillis, statsLogSeconds, digestQop, port, auth, caps, sipBounds, redirect, events);
    }

    static Map<String, String> parsePasswords(String text) {
        Map<String, String> map = new HashMap<>();
        for (String pair : text.split(",")) {
            int colon = pair.indexOf(':');
            if (colon > 0) {
                map.put(pair.substring(0, colon).trim(), pair.substring(colon + 1).trim());
            }
        }
        return Map.copyOf(map);
    }
}
