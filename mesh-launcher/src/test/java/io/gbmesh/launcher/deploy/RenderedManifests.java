package io.gbmesh.launcher.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The objects {@code kubectl kustomize} renders from an overlay of {@code k8s/}, with the look-ups the
 * invariants need: workloads by name, a container's environment as the pod sees it (the ConfigMap
 * taken with {@code envFrom}, then {@code env}), a port by name or number.
 */
final class RenderedManifests {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final YAMLMapper YAML = new YAMLMapper();

    /** Each overlay is rendered once for all the tests that check it. */
    private static final Map<String, RenderedManifests> RENDERED = new java.util.concurrent.ConcurrentHashMap<>();

    final List<JsonNode> objects;

    private RenderedManifests(List<JsonNode> objects) {
        this.objects = objects;
    }

    /**
     * Renders {@code k8s/overlays/<overlay>}; skips the test, saying why, where no kubectl is installed
     * ({@code .ci/run} installs Debian's kubernetes-client then). The overlays use the kustomization
     * fields old kustomize reads too, so that Debian's kubectl 1.20 (kustomize 2) renders them as
     * today's does.
     */
    static RenderedManifests render(String overlay) throws IOException, InterruptedException {
        RenderedManifests done = RENDERED.get(overlay);
        if (done != null) {
            return done;
        }
        Assumptions.assumeTrue(run(List.of("kubectl", "version", "--client")) != null,
                "no kubectl on the PATH (Debian: kubernetes-client): the Kubernetes manifests are not rendered");
        String rendered = run(List.of("kubectl", "kustomize", ROOT.resolve("k8s/overlays").resolve(overlay).toString()));
        if (rendered == null) {
            throw new AssertionError("kubectl kustomize k8s/overlays/" + overlay + " failed");
        }
        RenderedManifests manifests = new RenderedManifests(parse(rendered));
        RENDERED.put(overlay, manifests);
        return manifests;
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (var it = YAML.readerFor(JsonNode.class).<JsonNode>readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode n = it.next();
                if (n != null && !n.isNull() && !n.isMissingNode()) {
                    out.add(n);
                }
            }
        }
        return out;
    }

    static JsonNode readFile(Path file) throws IOException {
        return YAML.readTree(Files.readString(file));
    }

    /**
     * Standard output of a command that exited 0 within a minute; null when it is missing or failed.
     * Its standard error (kustomize's deprecation warnings) is shown, not parsed.
     */
    private static String run(List<String> command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("kubectl", ".err");
        try {
            Process p;
            try {
                p = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            } catch (IOException notInstalled) {
                return null;
            }
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String stderr = Files.readString(errors);
            if (p.exitValue() != 0) {
                System.err.println(String.join(" ", command) + " failed: " + stderr);
                return null;
            }
            return new String(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    List<JsonNode> ofKind(String kind) {
        return objects.stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    JsonNode named(String kind, String name) {
        return ofKind(kind).stream().filter(o -> o.path("metadata").path("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " rendered"));
    }

    /** Deployments, StatefulSets and DaemonSets. */
    List<JsonNode> workloads() {
        return objects.stream().filter(o -> List.of("Deployment", "StatefulSet", "DaemonSet").contains(o.path("kind").asText()))
                .toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static JsonNode podSpec(JsonNode workload) {
        return workload.path("spec").path("template").path("spec");
    }

    static Map<String, String> podLabels(JsonNode workload) {
        return strings(workload.path("spec").path("template").path("metadata").path("labels"));
    }

    static List<JsonNode> containers(JsonNode workload) {
        List<JsonNode> out = new ArrayList<>();
        podSpec(workload).path("initContainers").forEach(out::add);
        podSpec(workload).path("containers").forEach(out::add);
        return out;
    }

    static Map<String, String> strings(JsonNode map) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = map.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /**
     * The container's environment: each ConfigMap of {@code envFrom} (as a text node per key), then
     * each {@code env} entry (its {@code value} as text, or its {@code valueFrom} object).
     */
    Map<String, JsonNode> environment(JsonNode container) {
        Map<String, JsonNode> env = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String configMap = from.path("configMapRef").path("name").asText(null);
            if (configMap != null) {
                named("ConfigMap", configMap).path("data").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue()));
            }
        }
        for (JsonNode e : container.path("env")) {
            env.put(e.path("name").asText(), e.has("valueFrom") ? e.get("valueFrom") : e.path("value"));
        }
        return env;
    }

    int intSetting(JsonNode container, String variable) {
        JsonNode v = environment(container).get(variable);
        if (v == null || !v.isValueNode()) {
            throw new AssertionError(variable + " is not set to a value for container " + container.path("name").asText());
        }
        return Integer.parseInt(v.asText());
    }

    /** The number of a container port given by name or number (a probe's or a Service's target). */
    static int portNumber(JsonNode container, JsonNode port) {
        if (port.isInt() || port.asText().matches("\\d+")) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        throw new AssertionError("container " + container.path("name").asText() + " has no port named " + port.asText());
    }

    /** Whether a label selector's matchLabels (no expressions are used in k8s/) select these labels. */
    static boolean selects(JsonNode selector, Map<String, String> labels) {
        Map<String, String> wanted = strings(selector.has("matchLabels") ? selector.get("matchLabels") : selector);
        return wanted.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
    }
}
