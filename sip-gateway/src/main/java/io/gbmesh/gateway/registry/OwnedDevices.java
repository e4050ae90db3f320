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
final class OwnedDevices {
    private final Map<String, OwnedDevice> devices = new HashMap<>();

    OwnedDevice get(String deviceId) {
        return devices.get(deviceId);
    }

    OwnedDevice put(DeviceRegistration registration, Peer peer) {
        OwnedDevice o = devices.get(registration.deviceId());
        if (o == null) {
            o = new OwnedDevice(registration, peer);
            devices.put(registration.deviceId(), o);
        } else {
            o.update(registration, peer);
        }
        return o;
    }

    OwnedDevice remove(String deviceId) {
        return devices.remove(deviceId);
    }

    List<String> ids() {
        return new ArrayList<>(devices.keySet());
    }

    int size() {
        return devices.size();
    }

    /** Devices whose registration expired or whose keepalives stopped, as of {@code now}. */
    List<OwnedDevice> due(long now) {
        List<OwnedDevice> out = new ArrayList<>();
        for (OwnedDevice o : devices.values()) {
            DeviceRegistration r = o.registration();
            if (r.expiresAt() <= now || r.keepaliveDeadline() <= now) {
                out.add(o);
            }
        }
        return out;
    }
}
