package io.gbmesh.protocol.manscdp;

/** A device's heartbeat: {@code Notify/Keepalive} (GB/T 28181-2016 §9.6, A.2.5). */
public record Keepalive(String deviceId, String status, long sn) {

    public static Keepalive from(ManscdpDocument document) {
        document.require(ManscdpRoot.Notify, "Keepalive");
        return new Keepalive(document.deviceId(), document.text("Status").orElse(""), document.sn());
    }

    /** {@code Status} is {@code OK}; anything else reports a device fault. */
    public boolean isOk() {
        return "OK".equalsIgnoreCase(status);
    }
}
