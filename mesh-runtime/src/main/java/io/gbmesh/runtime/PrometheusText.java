package io.gbmesh.runtime;

import java.util.Map;
import java.util.TreeMap;

/**
 * Renders a role's counters in the Prometheus text exposition format (version 0.0.4). A counter
 * named {@code rx.request.REGISTER} becomes {@code gbmesh_<role>_rx_request_total{kind="REGISTER"}}:
 * the last dotted part is a label when it is a SIP method, a status code, an upper-case reason or
 * {@code other} (what is outside a closed set of labels), so that one metric family holds, for example, all requests by method.
 */
public final class PrometheusText {
    private PrometheusText() {
    }

    public static String render(String role, Map<String, Long> counters, Map<String, Number> gauges) {
        Map<String, StringBuilder> families = new TreeMap<>();
        counters.forEach((name, value) -> add(families, role, name, value, "counter"));
        gauges.forEach((name, value) -> add(families, role, name, value, "gauge"));
        StringBuilder out = new StringBuilder();
        families.values().forEach(out::append);
        return out.toString();
    }

    private static void add(Map<String, StringBuilder> families, String role, String name, Number value, String type) {
        String base = name;
        String label = null;
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            String last = name.substring(dot + 1);
            if (!last.isEmpty() && (Character.isDigit(last.charAt(0)) || last.equals(last.toUpperCase(java.util.Locale.ROOT)) || last.equals("other"))) {
                base = name.substring(0, dot);
                label = last;
            }
        }
        String metric = "gbmesh_" + sanitize(role) + "_" + sanitize(base) + (type.equals("counter") ? "_total" : "");
        StringBuilder family = families.computeIfAbsent(metric + "|" + type,
                k -> new StringBuilder("# TYPE ").append(metric).append(' ').append(type).append('\n'));
        family.append(metric);
        if (label != null) {
            family.append("{kind=\"").append(label.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"}");
        }
        family.append(' ').append(value).append('\n');
    }

    private static String sanitize(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            b.append(Character.isLetterOrDigit(c) ? Character.toLowerCase(c) : '_');
        }
        return b.toString();
    }
}
