package io.gbmesh.launcher.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A SIP message as the soak's attacker reads what comes back: the start line, headers by lower-case
 * name (compact forms expanded) and the body. Lenient on purpose: it only has to read the platform.
 */
final class SipText {
    private static final Map<String, String> COMPACT = Map.of("v", "via", "f", "from", "t", "to", "i", "call-id",
            "l", "content-length", "c", "content-type", "m", "contact");

    final String startLine;
    final String body;
    private final Map<String, List<String>> headers = new LinkedHashMap<>();

    private SipText(String text) {
        int end = text.indexOf("\r\n\r\n");
        String head = end < 0 ? text : text.substring(0, end);
        body = end < 0 ? "" : text.substring(end + 4);
        String[] lines = head.split("\r\n");
        startLine = lines[0];
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            name = COMPACT.getOrDefault(name, name);
            headers.computeIfAbsent(name, k -> new ArrayList<>()).add(lines[i].substring(colon + 1).trim());
        }
    }

    static SipText parse(byte[] bytes, int offset, int length) {
        return new SipText(new String(bytes, offset, length, StandardCharsets.UTF_8));
    }

    boolean isResponse() {
        return startLine.startsWith("SIP/2.0 ");
    }

    int status() {
        try {
            return Integer.parseInt(startLine.substring(8, 11));
        } catch (RuntimeException e) {
            return -1;
        }
    }

    String method() {
        int sp = startLine.indexOf(' ');
        return sp < 0 ? startLine : startLine.substring(0, sp);
    }

    String header(String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? "" : v.get(0);
    }

    List<String> all(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The branch of the top Via, or null. */
    String topBranch() {
        String via = header("via");
        int at = via.indexOf("branch=");
        if (at < 0) {
            return null;
        }
        int end = at + 7;
        while (end < via.length() && via.charAt(end) != ';' && via.charAt(end) != ',' && via.charAt(end) != ' ') {
            end++;
        }
        return via.substring(at + 7, end);
    }

    /** The text of a simple element of a MANSCDP body ({@code <SN>12</SN>}), or null. */
    String element(String name) {
        int start = body.indexOf("<" + name + ">");
        int end = body.indexOf("</" + name + ">");
        return start < 0 || end < start ? null : body.substring(start + name.length() + 2, end).trim();
    }
}
