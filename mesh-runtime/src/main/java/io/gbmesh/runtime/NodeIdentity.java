package io.gbmesh.runtime;

import java.net.InetAddress;
import java.util.UUID;

/** How a node of the mesh names itself and which address it advertises when none is configured. */
public final class NodeIdentity {
    private NodeIdentity() {
    }

    /** The pod's name ({@code HOSTNAME}, as Kubernetes sets it) or {@code role}, made unique by a short random suffix. */
    public static String defaultNodeId(String role) {
        String pod = System.getenv("HOSTNAME");
        String base = pod == null || pod.isBlank() ? role : pod;
        return base + "-" + UUID.randomUUID().toString().substring(0, 6);
    }

    /** The address of this host as the network resolves its name; loopback when it cannot. */
    public static String localAddress() {
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (Exception e) {
            return "127.0.0.1";
        }
    }
}
