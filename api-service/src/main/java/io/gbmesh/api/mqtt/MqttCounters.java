package io.gbmesh.api.mqtt;

import java.util.concurrent.atomic.AtomicLong;

/** What the MQTT endpoint has done since it started; readable from any thread. */
public final class MqttCounters {
    final AtomicLong connected = new AtomicLong();
    final AtomicLong connections = new AtomicLong();
    final AtomicLong refusedLogins = new AtomicLong();
    final AtomicLong refusedFull = new AtomicLong();
    final AtomicLong refusedTakeovers = new AtomicLong();
    final AtomicLong refusedSubscriptions = new AtomicLong();
    final AtomicLong refusedCommands = new AtomicLong();
    final AtomicLong refusedPublishes = new AtomicLong();
    final AtomicLong subscriptions = new AtomicLong();
    final AtomicLong publishesIn = new AtomicLong();
    final AtomicLong publishesOut = new AtomicLong();
    final AtomicLong acknowledged = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final AtomicLong ignoredPublishes = new AtomicLong();
    final AtomicLong commands = new AtomicLong();
    final AtomicLong bridgedOut = new AtomicLong();
    final AtomicLong bridgeDropped = new AtomicLong();

    /** Clients connected now. */
    public long connected() {
        return connected.get();
    }

    /** Connections accepted since start. */
    public long connections() {
        return connections.get();
    }

    /** CONNECTs refused for a missing or invalid token. */
    public long refusedLogins() {
        return refusedLogins.get();
    }

    /** CONNECTs refused because the endpoint already had its maximum of clients. */
    public long refusedFull() {
        return refusedFull.get();
    }

    /** CONNECTs refused because their client ID is held by a connection with another token. */
    public long refusedTakeovers() {
        return refusedTakeovers.get();
    }

    /** Subscriptions refused because they name another client's reply topics. */
    public long refusedSubscriptions() {
        return refusedSubscriptions.get();
    }

    /** Commands refused (403): from a read-only token, or naming another client's ID. */
    public long refusedCommands() {
        return refusedCommands.get();
    }

    /** Client publishes to reply topics, where only the endpoint publishes: discarded. */
    public long refusedPublishes() {
        return refusedPublishes.get();
    }

    /** Subscriptions held now, over all clients. */
    public long subscriptions() {
        return subscriptions.get();
    }

    /** PUBLISH packets received from clients. */
    public long publishesIn() {
        return publishesIn.get();
    }

    /** PUBLISH packets written to clients. */
    public long publishesOut() {
        return publishesOut.get();
    }

    /** PUBACKs received from clients for QoS 1 deliveries. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Messages dropped because a client's queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Client publishes to topics other than commands, acknowledged and discarded. */
    public long ignoredPublishes() {
        return ignoredPublishes.get();
    }

    /** Commands received. */
    public long commands() {
        return commands.get();
    }

    /** Messages published to the external broker. */
    public long bridgedOut() {
        return bridgedOut.get();
    }

    /** Messages not bridged because the external broker was unreachable or did not keep up. */
    public long bridgeDropped() {
        return bridgeDropped.get();
    }

    @Override
    public String toString() {
        return "connected=" + connected + " connections=" + connections + " refusedLogins=" + refusedLogins
                + " refusedFull=" + refusedFull + " refusedTakeovers=" + refusedTakeovers
                + " refusedSubscriptions=" + refusedSubscriptions + " refusedCommands=" + refusedCommands
                + " refusedPublishes=" + refusedPublishes + " subscriptions=" + subscriptions + " publishesIn=" + publishesIn
                + " publishesOut=" + publishesOut + " acknowledged=" + acknowledged + " dropped=" + dropped
                + " ignoredPublishes=" + ignoredPublishes + " commands=" + commands + " bridgedOut=" + bridgedOut
                + " bridgeDropped=" + bridgeDropped;
    }
}
