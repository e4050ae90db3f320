package io.gbmesh.contracts;

/**
 * A live gateway node as it announces itself in {@link Addresses#GATEWAYS_MAP} (each entry with a
 * time to live, renewed every few seconds): where devices reach its SIP port, how many devices it
 * owns, and its weight in registration redirect (GB/T 28181-2022 §9.1.2, a node of weight 2 takes
 * twice the devices of one of weight 1).
 */
public record GatewayPresence(String nodeId, String sipHost, int sipPort, int ownedDevices, double weight, long at)
        implements MeshMessage {
}
