package io.gbmesh.launcher.deploy;

import static io.gbmesh.launcher.deploy.RenderedManifests.containers;
import static io.gbmesh.launcher.deploy.RenderedManifests.name;
import static io.gbmesh.launcher.deploy.RenderedManifests.podLabels;
import static io.gbmesh.launcher.deploy.RenderedManifests.podSpec;
import static io.gbmesh.launcher.deploy.RenderedManifests.portNumber;
import static io.gbmesh.launcher.deploy.RenderedManifests.selects;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.gbmesh.runtime.MeshCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every overlay of {@code k8s/} must give, checked on what {@code kubectl kustomize} renders:
 * every role runs, with probes on the ports it serves them on and resources; secrets are required,
 * never optional; gateways and media nodes advertise an address devices reach; the cluster ports are
 * closed to all but mesh pods; every api-service replica uses one database; and every variable set
 * is one the code reads.
 */
class KubernetesManifestsTest {
    /** Each mesh workload, the role its container runs, and the variable of the port its probes use. */
    private static final Map<String, List<String>> ROLES = Map.of(
            "sip-gateway", List.of("gateway", "GB_GATEWAY_HTTP_PORT"),
            "media-node", List.of("media", "GB_MEDIA_HTTP_PORT"),
            "api-service", List.of("api", "GB_HTTP_PORT"));
    private static final Set<String> SECRET_KEYS =
            Set.of("admin-token", "sip-password", "nonce-secret", "media-url-secret", "database-password");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyRoleRunsFromTheImageWithItsRoleArgument(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        ROLES.forEach((workload, role) -> {
            JsonNode container = podSpec(k8s.named("Deployment", workload)).path("containers").get(0);
            assertEquals(role.get(0), container.path("args").get(0).asText(), workload);
            assertTrue(container.path("image").asText().contains("gbmesh"), workload);
        });
        k8s.named("StatefulSet", "postgres");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyContainerHasProbesResourcesAndRunsAsNonRoot(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        for (JsonNode workload : k8s.workloads()) {
            for (JsonNode c : containers(workload)) {
                String where = name(workload) + "/" + c.path("name").asText();
                for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                    assertTrue(c.has(probe), where + " has no " + probe);
                }
                assertTrue(c.path("resources").path("requests").has("cpu"), where + " requests no CPU");
                assertTrue(c.path("resources").path("requests").has("memory"), where + " requests no memory");
                assertTrue(c.path("resources").path("limits").has("memory"), where + " has no memory limit");
                boolean nonRoot = c.path("securityContext").path("runAsNonRoot").asBoolean(false)
                        || podSpec(workload).path("securityContext").path("runAsNonRoot").asBoolean(false);
                assertTrue(nonRoot, where + " may run as root");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void probesAskEachRoleItsHealthAndReadinessOnItsOwnPort(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        ROLES.forEach((workload, role) -> {
            JsonNode container = podSpec(k8s.named("Deployment", workload)).path("containers").get(0);
            int port = k8s.intSetting(container, role.get(1));
            Map<String, String> paths = Map.of("startupProbe", "/health", "livenessProbe", "/health", "readinessProbe", "/ready");
            paths.forEach((probe, path) -> {
                JsonNode get = container.path(probe).path("httpGet");
                assertEquals(path, get.path("path").asText(), workload + " " + probe);
                assertEquals(port, portNumber(container, get.path("port")), workload + " " + probe + " port");
            });
            JsonNode annotations = k8s.named("Deployment", workload).path("spec").path("template").path("metadata").path("annotations");
            assertEquals("true", annotations.path("prometheus.io/scrape").asText(), workload + " is not scraped");
            assertEquals(String.valueOf(port), annotations.path("prometheus.io/port").asText(), workload + " scrape port");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void secretsAreRequiredAndComeFromTheTemplatedSecret(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        List<String> optional = new ArrayList<>();
        k8s.objects.forEach(o -> findOptional(o, name(o), optional));
        assertTrue(optional.isEmpty(), "optional references: " + optional);

        Set<String> used = new TreeSet<>();
        for (JsonNode workload : k8s.workloads()) {
            for (JsonNode c : containers(workload)) {
                for (JsonNode e : c.path("env")) {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        assertEquals("gbmesh", ref.path("name").asText(), name(workload) + " " + e.path("name").asText());
                        used.add(ref.path("key").asText());
                    }
                }
            }
        }
        JsonNode template = RenderedManifests.readFile(RenderedManifests.ROOT.resolve("k8s/secret-template.yaml"));
        assertEquals("gbmesh", template.path("metadata").path("name").asText());
        Set<String> templated = new TreeSet<>(RenderedManifests.strings(template.path("stringData")).keySet());
        assertEquals(new TreeSet<>(SECRET_KEYS), templated, "the template's keys");
        assertEquals(templated, used, "every key of the template is used, and only those");
        assertTrue(k8s.ofKind("Secret").isEmpty(), "no overlay ships secret values");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void gatewaysAndMediaNodesAdvertiseTheirNodesAddressWhereTheirPortsAre(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        JsonNode gateway = podSpec(k8s.named("Deployment", "sip-gateway")).path("containers").get(0);
        assertAdvertisesHostIp(k8s, gateway, "GB_SIP_ADVERTISED_HOST");
        int sip = k8s.intSetting(gateway, "GB_SIP_PORT");
        assertHostPorts(gateway, sip, sip, "UDP", "TCP");

        JsonNode media = podSpec(k8s.named("Deployment", "media-node")).path("containers").get(0);
        assertAdvertisesHostIp(k8s, media, "GB_MEDIA_ADVERTISED_HOST");
        int min = k8s.intSetting(media, "GB_RTP_PORT_MIN");
        int max = k8s.intSetting(media, "GB_RTP_PORT_MAX");
        assertTrue(min <= max, min + "-" + max);
        assertTrue(max < 30000 || min > 32767, "the RTP range " + min + "-" + max + " overlaps the NodePort range");
        assertHostPorts(media, min, max, "UDP", "TCP");
        int http = k8s.intSetting(media, "GB_MEDIA_HTTP_PORT");
        assertHostPorts(media, http, http, "TCP");
        for (String workload : ROLES.keySet()) {
            // a pod on the host's network is outside every NetworkPolicy: the cluster ports would be open
            assertFalse(podSpec(k8s.named("Deployment", workload)).path("hostNetwork").asBoolean(false), workload);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void theClusterPortsAreOpenToMeshPodsOnly(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        List<JsonNode> policies = k8s.ofKind("NetworkPolicy");
        for (String workload : ROLES.keySet()) {
            Map<String, String> labels = podLabels(k8s.named("Deployment", workload));
            List<JsonNode> covering = policies.stream().filter(p -> selects(p.path("spec").path("podSelector"), labels)).toList();
            assertFalse(covering.isEmpty(), workload + " is under no NetworkPolicy");
            // Hazelcast's ten ports from GB_CLUSTER_PORT's default, and the event bus's
            for (int port = 5701; port <= MeshCluster.KUBERNETES_EVENTBUS_PORT; port++) {
                boolean fromMesh = false;
                for (JsonNode policy : covering) {
                    for (JsonNode rule : policy.path("spec").path("ingress")) {
                        if (!allowsTcp(rule, port)) {
                            continue;
                        }
                        JsonNode from = rule.path("from");
                        assertTrue(from.size() > 0, name(policy) + " opens cluster port " + port + " to everyone");
                        for (JsonNode peer : from) {
                            assertTrue(peer.has("podSelector") && !peer.has("namespaceSelector") && !peer.has("ipBlock"),
                                    name(policy) + " opens cluster port " + port + " beyond this namespace's pods");
                            for (String other : ROLES.keySet()) {
                                fromMesh |= selects(peer.get("podSelector"), podLabels(k8s.named("Deployment", other)));
                            }
                            assertTrue(k8s.workloads().stream().filter(w -> selects(peer.get("podSelector"), podLabels(w)))
                                    .allMatch(w -> ROLES.containsKey(name(w))), "cluster port " + port + " open to a pod outside the mesh");
                        }
                    }
                }
                assertTrue(fromMesh, "cluster port " + port + " of " + workload + " is closed to the mesh itself");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyApiReplicaUsesTheOneDatabase(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        JsonNode api = podSpec(k8s.named("Deployment", "api-service")).path("containers").get(0);
        Map<String, JsonNode> env = k8s.environment(api);
        // without GB_PG_URL each replica would start an embedded database of its own
        assertTrue(env.containsKey("GB_PG_URL") && env.get("GB_PG_URL").isValueNode() && !env.get("GB_PG_URL").asText().isBlank(),
                "api-service has no GB_PG_URL");
        String host = env.get("GB_PG_URL").asText().replaceFirst("^postgresql://([^/:@]+@)?", "").split("[:/]")[0];
        assertTrue(k8s.ofKind("Service").stream().anyMatch(s -> name(s).equals(host)), "no Service " + host + " for GB_PG_URL");
        assertEquals("database-password", env.get("GB_PG_PASSWORD").path("secretKeyRef").path("key").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void budgetsAutoscalersAndMqtt(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        for (String workload : ROLES.keySet()) {
            Map<String, String> labels = podLabels(k8s.named("Deployment", workload));
            // a pod under two budgets cannot be evicted at all
            assertEquals(1, k8s.ofKind("PodDisruptionBudget").stream().filter(p -> selects(p.path("spec").path("selector"), labels)).count(),
                    workload + " must be under exactly one PodDisruptionBudget");
        }
        for (String scaled : List.of("api-service", "media-node")) {
            assertTrue(k8s.ofKind("HorizontalPodAutoscaler").stream().anyMatch(h ->
                    h.path("spec").path("scaleTargetRef").path("name").asText().equals(scaled)), "no autoscaler for " + scaled);
        }
        JsonNode api = podSpec(k8s.named("Deployment", "api-service")).path("containers").get(0);
        int mqtt = k8s.intSetting(api, "GB_MQTT_PORT");
        boolean exposed = k8s.ofKind("Service").stream()
                .filter(s -> selects(s.path("spec").path("selector"), podLabels(k8s.named("Deployment", "api-service"))))
                .flatMap(s -> stream(s.path("spec").path("ports")))
                .anyMatch(p -> portNumber(api, p.has("targetPort") ? p.get("targetPort") : p.path("port")) == mqtt);
        assertTrue(exposed, "no Service exposes MQTT port " + mqtt);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "production"})
    void everyVariableSetIsOneTheCodeReads(String overlay) throws Exception {
        RenderedManifests k8s = RenderedManifests.render(overlay);
        Set<String> read = variablesTheCodeReads();
        Set<String> unread = new TreeSet<>();
        for (String workload : ROLES.keySet()) {
            JsonNode container = podSpec(k8s.named("Deployment", workload)).path("containers").get(0);
            k8s.environment(container).keySet().stream().filter(v -> !read.contains(v)).forEach(unread::add);
        }
        assertTrue(unread.isEmpty(), "set but read by no code: " + unread);
    }

    private static Set<String> variablesTheCodeReads() throws IOException {
        Pattern quoted = Pattern.compile("\"(GB_[A-Z0-9_]+)\"");
        Set<String> read = new HashSet<>();
        try (Stream<Path> files = Files.walk(RenderedManifests.ROOT)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/")).toList()) {
                Matcher m = quoted.matcher(Files.readString(f));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        return read;
    }

    private static void assertAdvertisesHostIp(RenderedManifests k8s, JsonNode container, String variable) {
        JsonNode value = k8s.environment(container).get(variable);
        assertTrue(value != null, variable + " is not set");
        assertEquals("status.hostIP", value.path("fieldRef").path("fieldPath").asText(), variable + " is not the node's address");
    }

    private static void assertHostPorts(JsonNode container, int from, int to, String... protocols) {
        for (String protocol : protocols) {
            Set<Integer> open = new HashSet<>();
            for (JsonNode p : container.path("ports")) {
                if (p.path("protocol").asText("TCP").equals(protocol) && p.has("hostPort")) {
                    assertEquals(p.path("containerPort").asInt(), p.path("hostPort").asInt(), "host and container port differ");
                    open.add(p.path("hostPort").asInt());
                }
            }
            for (int port = from; port <= to; port++) {
                if (!open.contains(port)) {
                    fail(container.path("name").asText() + ": " + protocol + " port " + port + " is not a hostPort");
                }
            }
        }
    }

    private static boolean allowsTcp(JsonNode rule, int port) {
        if (!rule.has("ports") || rule.path("ports").isEmpty()) {
            return true;
        }
        for (JsonNode p : rule.path("ports")) {
            int first = p.path("port").asInt(0);
            int last = p.path("endPort").asInt(first);
            if (p.path("protocol").asText("TCP").equals("TCP") && (first == 0 || (port >= first && port <= last))) {
                return true;
            }
        }
        return false;
    }

    private static void findOptional(JsonNode node, String where, List<String> found) {
        if (node.isObject()) {
            for (String ref : List.of("secretKeyRef", "secretRef", "configMapKeyRef", "configMapRef", "secret", "configMap")) {
                if (node.path(ref).path("optional").asBoolean(false)) {
                    found.add(where + ": " + ref);
                }
            }
            node.fields().forEachRemaining(e -> findOptional(e.getValue(), where, found));
        } else if (node.isArray()) {
            node.forEach(n -> findOptional(n, where, found));
        }
    }

    private static Stream<JsonNode> stream(JsonNode array) {
        List<JsonNode> out = new ArrayList<>();
        array.forEach(out::add);
        return out.stream();
    }
}
