package io.gbmesh.contracts;

/** One channel (catalog item) of a device. {@code status} is ON or OFF as the device says. */
public record Channel(String channelId, String name, String manufacturer, String model, String owner,
                      String civilCode, String address, Integer parental, String parentId, String status,
                      Integer ptzType, String ipAddress, Integer port, Double longitude, Double latitude) {

    public boolean online() {
        return status == null || status.equalsIgnoreCase("ON") || status.equalsIgnoreCase("ONLINE");
    }

    public Channel withStatus(String newStatus) {
        return new Channel(channelId, name, manufacturer, model, owner, civilCode, address, parental, parentId,
                newStatus, ptzType, ipAddress, port, longitude, latitude);
    }
}
