package io.gbmesh.sipstack;

/**
 * Hard bounds on what the network can make an endpoint hold: transactions in progress (a request
 * beyond the cap is refused with {@code 503}), completed UDP transactions kept for retransmissions
 * (beyond the cap the oldest are forgotten: each is its response's bytes, in {@link CompletedResponses}, and a device fleet keeps
 * about (requests per second) × 32 s of them), TCP connections in total and per source address, how long an
 * accepted connection may stay idle before it carries a registered device, and how long one message
 * may take to arrive (a slow sender holding a half message open is closed); and how many UDP
 * sockets share the port, each read by its own event loop ({@link UdpChannels}).
 */
public record EndpointLimits(int maxServerTransactions, int maxClientTransactions, int tcpMaxConnections,
                             int tcpMaxPerSource, long tcpUnboundIdleMillis, long tcpMessageTimeoutMillis,
                             int maxCompletedTransactions, int udpSockets) {
    public static final EndpointLimits DEFAULT = new EndpointLimits(20_000, 20_000, 20_000, 256, 60_000, 10_000, 100_000);

    /** Seconds a refused client is asked to wait ({@code Retry-After} of a {@code 503}). */
    public static final int RETRY_AFTER_SECONDS = 5;

    public EndpointLimits {
        if (maxServerTransactions <= 0 || maxClientTransactions <= 0 || tcpMaxConnections <= 0 || tcpMaxPerSource <= 0
                || tcpUnboundIdleMillis <= 0 || tcpMessageTimeoutMillis <= 0 || maxCompletedTransactions <= 0 || udpSockets <= 0) {
            throw new IllegalArgumentException("endpoint limits must be positive: " + this);
        }
    }

    /** One UDP socket. */
    public EndpointLimits(int maxServerTransactions, int maxClientTransactions, int tcpMaxConnections, int tcpMaxPerSource,
                          long tcpUnboundIdleMillis, long tcpMessageTimeoutMillis, int maxCompletedTransactions) {
        this(maxServerTransactions, maxClientTransactions, tcpMaxConnections, tcpMaxPerSource, tcpUnboundIdleMillis,
                tcpMessageTimeoutMillis, maxCompletedTransactions, 1);
    }

    public EndpointLimits withUdpSockets(int sockets) {
        return new EndpointLimits(maxServerTransactions, maxClientTransactions, tcpMaxConnections, tcpMaxPerSource,
                tcpUnboundIdleMillis, tcpMessageTimeoutMillis, maxCompletedTransactions, sockets);
    }

    public EndpointLimits withTransactions(int server, int client) {
        return new EndpointLimits(server, client, tcpMaxConnections, tcpMaxPerSource, tcpUnboundIdleMillis, tcpMessageTimeoutMillis,
                maxCompletedTransactions, udpSockets);
    }

    public EndpointLimits withCompletedTransactions(int completed) {
        return new EndpointLimits(maxServerTransactions, maxClientTransactions, tcpMaxConnections, tcpMaxPerSource,
                tcpUnboundIdleMillis, tcpMessageTimeoutMillis, completed, udpSockets);
    }

    public EndpointLimits withTcp(int maxConnections, int maxPerSource, long unboundIdleMillis, long messageTimeoutMillis) {
        return new EndpointLimits(maxServerTransactions, maxClientTransactions, maxConnections, maxPerSource,
                unboundIdleMillis, messageTimeoutMillis, maxCompletedTransactions, udpSockets);
    }
}
