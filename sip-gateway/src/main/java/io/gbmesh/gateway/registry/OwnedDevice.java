package io.gbmesh.gateway.registry;

import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.sipstack.Peer;
import java.util.HashSet;
import java.util.Set;

/**
 * A device this gateway node serves, as the hot paths read it: its registry entry, the transport
 * address its registration is bound to (the UDP source as received, or its TCP connection), and
 * the channel IDs it is known to speak for. Only {@link DeviceRegistry} changes it.
 */
public final class OwnedDevice {
    private DeviceRegistration registration;
    private Peer peer;
    /** Channel IDs from its catalog; null until loaded (after a takeover, from the cluster map). */
    Set<String> channels;

    OwnedDevice(DeviceRegistration registration, Peer peer) {
        this.registration = registration;
        this.peer = peer;
    }

    public String deviceId() {
        return registration.deviceId();
    }

    public DeviceRegistration registration() {
        return registration;
    }

    /** Where the device is reached, and the only address its requests and responses are taken from. */
    public Peer peer() {
        return peer;
    }

    /** Whether {@code source} is the transport address (or TCP connection) this registration is bound to. */
    public boolean isBoundTo(Peer source) {
        return peer.equals(source);
    }

    void update(DeviceRegistration registration, Peer peer) {
        this.registration = registration;
        this.peer = peer;
    }

    void registration(DeviceRegistration registration) {
        this.registration = registration;
    }

    void channels(Iterable<String> ids) {
        Set<String> set = new HashSet<>();
        ids.forEach(set::add);
        channels = set;
    }
}
