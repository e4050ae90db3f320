package io.gbmesh.api.mqtt;

import io.gbmesh.api.auth.TokenGrant;

/**
 * What one connected client may do, from its client ID and the API token it logged in with (the
 * same scopes as the HTTP API: a {@code read} token subscribes, only an {@code admin} token runs
 * commands).
 *
 * <p>The reply topics {@code gb/reply/{clientId}/...} belong to the client with that ID: nobody else
 * subscribes to them or has replies sent there, so one client cannot read another's answers or
 * flood another with answers it never asked for. A client ID belongs to the token that holds it:
 * another token cannot take it over (and with it the replies).
 */
record ClientRights(String clientId, TokenGrant grant) {
    static final String REPLY_PREFIX = "gb/reply/";

    /** Only a token that may change things runs commands: they query devices and start streams. */
    boolean mayRunCommands() {
        return grant.mayWrite();
    }

    /**
     * False for a filter that names another client's reply topics ({@code gb/reply/other/#}). A filter
     * with a wildcard in the client level ({@code gb/reply/+/#}, {@code #}) is granted: replies are
     * delivered only to the client they answer, so it sees its own and nothing else.
     */
    boolean maySubscribe(String filter) {
        if (!filter.startsWith(REPLY_PREFIX)) {
            return true;
        }
        int end = filter.indexOf('/', REPLY_PREFIX.length());
        String level = end < 0 ? filter.substring(REPLY_PREFIX.length()) : filter.substring(REPLY_PREFIX.length(), end);
        return level.equals("+") || level.equals("#") || level.equals(clientId);
    }

    /** MQTT 3.1.1 section 3.1.4 lets a new connection take over a client ID; here only with the same token. */
    boolean mayTakeOver(ClientRights holder) {
        return holder.grant.id() == grant.id();
    }

    /** Where the answer to this client's request {@code requestId} goes. */
    String replyTopic(String requestId) {
        return REPLY_PREFIX + clientId + "/" + requestId;
    }
}
