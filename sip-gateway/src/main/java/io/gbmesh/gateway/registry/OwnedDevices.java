package io.gbmesh.gateway.registry;

import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.sipstack.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The devices this gateway node owns, held locally for the hot paths (keepalive, liveness sweep,
 * where to send a query) so that they need no cluster round trip. Used on the gateway's event loop.
 */
public final class OwnedDevices {
    /** A device this node serves: its registry entry and the socket address its packets come from. */
    public static final class Owned {
        public DeviceRegistration registration;
        public Peer peer;

        Owned(DeviceRegistration registration, Peer peer) {
            this.registration = registration;
            this.peer = peer;
        }
    }

    private final Map<String, Owned> devices = new HashMap<>();

    public Owned get(String deviceId) {
        return devices.get(deviceId);
    }

    public Owned put(DeviceRegistration registration, Peer peer) {
        Owned o = devices.get(registration.deviceId());
        if (o == null) {
            o = new Owned(registration, peer);
            devices.put(registration.deviceId(), o);
        } else {
            o.registration = registration;
            o.peer = peer;
        }
        return o;
    }

    public Owned remove(String deviceId) {
        return devices.remove(deviceId);
    }

    public int size() {
        return devices.size();
    }

    /** Devices whose registration expired or whose keepalives stopped, as of {@code now}. */
    public List<Owned> due(long now) {
        List<Owned> out = new ArrayList<>();
        for (Owned o : devices.values()) {
            DeviceRegistration r = o.registration;
            if (r.expiresAt() <= now || r.keepaliveDeadline() <= now) {
                out.add(o);
            }
        }
        return out;
    }
}
