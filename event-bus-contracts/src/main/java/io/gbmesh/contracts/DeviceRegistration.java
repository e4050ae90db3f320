package io.gbmesh.contracts;

/**
 * The cluster registry's entry of an online device: who owns it, how to reach it, and its liveness.
 * Times are epoch milliseconds.
 */
public record DeviceRegistration(String deviceId, String gatewayNode, Transport transport, String remoteHost,
                                 int remotePort, String contact, long registeredAt, long expiresAt,
                                 long lastKeepaliveAt, int heartbeatInterval, int heartbeatCount,
                                 DeviceInfo info) implements MeshMessage {

    public DeviceRegistration withOwner(String node, Transport t, String host, int port) {
        return new DeviceRegistration(deviceId, node, t, host, port, contact, registeredAt, expiresAt,
                lastKeepaliveAt, heartbeatInterval, heartbeatCount, info);
    }

    public DeviceRegistration withKeepalive(long at) {
        return new DeviceRegistration(deviceId, gatewayNode, transport, remoteHost, remotePort, contact, registeredAt,
                expiresAt, at, heartbeatInterval, heartbeatCount, info);
    }

    public DeviceRegistration withHeartbeat(int interval, int count) {
        return new DeviceRegistration(deviceId, gatewayNode, transport, remoteHost, remotePort, contact, registeredAt,
                expiresAt, lastKeepaliveAt, interval, count, info);
    }

    public DeviceRegistration withInfo(DeviceInfo newInfo) {
        return new DeviceRegistration(deviceId, gatewayNode, transport, remoteHost, remotePort, contact, registeredAt,
                expiresAt, lastKeepaliveAt, heartbeatInterval, heartbeatCount, newInfo);
    }

    /** When the device is due offline for lack of keepalives. */
    public long keepaliveDeadline() {
        return lastKeepaliveAt + (long) heartbeatInterval * heartbeatCount * 1000L;
    }
}
