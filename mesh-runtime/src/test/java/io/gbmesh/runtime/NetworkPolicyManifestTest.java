package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicy shipped in {@code k8s/base} names the ports the cluster really binds, and is part of
 * the kustomization: a port changed in {@link MeshCluster} without the manifest would leave it open.
 */
class NetworkPolicyManifestTest {
    private static final Path K8S = Path.of("..", "k8s", "base");

    @Test
    void thePolicyCoversHazelcastsPortRangeAndTheEventBusPort() throws Exception {
        String policy = Files.readString(K8S.resolve("network-policy.yaml"));
        assertTrue(policy.contains("kind: NetworkPolicy"), policy);
        assertTrue(policy.contains("gbmesh.io/member: \"true\""), "mesh pods, selected by the label every role's pods carry");
        // GB_CLUSTER_PORT's default and the ten ports Hazelcast may step through (setPortCount(10))
        assertTrue(policy.contains("{protocol: TCP, port: 5701, endPort: 5710}"), policy);
        assertTrue(policy.contains("{protocol: TCP, port: " + MeshCluster.KUBERNETES_EVENTBUS_PORT + "}"), policy);
        assertTrue(Files.readString(K8S.resolve("kustomization.yaml")).contains("- network-policy.yaml"));
    }
}
