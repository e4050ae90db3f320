package io.gbmesh.api.mqtt;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connected clients of one endpoint by client ID, and who may take an ID over: the same token
 * only (MQTT 3.1.1 section 3.1.4 lets a new connection replace the old one; a connection with another
 * token is refused and the holder keeps its session). Runs on the endpoint's event loop.
 */
final class ClientSessions {
    private final Map<String, ClientSession> byClientId = new HashMap<>();

    /** Whether a connection with {@code rights} may have its client ID now. */
    boolean mayAdmit(ClientRights rights) {
        ClientSession holder = byClientId.get(rights.clientId());
        return holder == null || rights.mayTakeOver(holder.rights());
    }

    /** Adds {@code session}; returns the session it takes over from (to be closed), or null. */
    ClientSession put(ClientSession session) {
        return byClientId.put(session.clientId(), session);
    }

    /** Removes {@code session} unless another has taken its ID over since; true when it was removed. */
    boolean remove(ClientSession session) {
        return byClientId.remove(session.clientId(), session);
    }

    ClientSession get(String clientId) {
        return byClientId.get(clientId);
    }

    Collection<ClientSession> all() {
        return byClientId.values();
    }

    int size() {
        return byClientId.size();
    }

    /** Every session, emptying the table: for closing them all. */
    List<ClientSession> removeAll() {
        List<ClientSession> all = List.copyOf(byClientId.values());
        byClientId.clear();
        return all;
    }
}
