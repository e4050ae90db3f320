package io.gbmesh.api.streams;

import io.vertx.core.json.JsonObject;
import java.util.regex.Pattern;

/**
 * An auto-push rule: the live stream ({@code profile} 0 main, 1 sub) of every online channel whose
 * device and channel IDs match the patterns ({@code *} any run of characters, {@code ?} one) is pushed
 * to {@link #url} of the template ({@code {deviceId}}, {@code {channelId}}, {@code {ssrc}}).
 */
public record PushRule(String ruleId, String devicePattern, String channelPattern, String urlTemplate, int profile) {

    private static final Pattern RULE_ID = Pattern.compile("[A-Za-z0-9_-]{1,40}");
    private static final Pattern ID_PATTERN = Pattern.compile("[0-9*?]{1,20}");

    /** The rule of a JSON object, checked; {@link IllegalArgumentException} says what is wrong. */
    public static PushRule fromJson(JsonObject json, int index) {
        String id = text(json, "ruleId", "rule-" + (index + 1));
        if (!RULE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("ruleId must be 1 to 40 letters, digits, '_' or '-'");
        }
        String device = text(json, "devicePattern", "*");
        String channel = text(json, "channelPattern", "*");
        if (!ID_PATTERN.matcher(device).matches() || !ID_PATTERN.matcher(channel).matches()) {
            throw new IllegalArgumentException("devicePattern and channelPattern are digits with '*' and '?', at most 20");
        }
        String url = text(json, "url", null);
        if (url == null || url.length() > 1024
                || !(url.startsWith("rtmp://") || url.startsWith("rtsp://"))) {
            throw new IllegalArgumentException("url must be an rtmp:// or rtsp:// template (with {deviceId}, {channelId}, {ssrc})");
        }
        String profile = text(json, "profile", "main");
        if (!profile.equals("main") && !profile.equals("sub")) {
            throw new IllegalArgumentException("profile must be main or sub");
        }
        return new PushRule(id, device, channel, url, profile.equals("sub") ? 1 : 0);
    }

    private static String text(JsonObject json, String name, String fallback) {
        Object v = json.getValue(name);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof String s)) {
            throw new IllegalArgumentException(name + " must be a string");
        }
        return s;
    }

    public JsonObject toJson() {
        return new JsonObject().put("ruleId", ruleId).put("devicePattern", devicePattern)
                .put("channelPattern", channelPattern).put("url", urlTemplate).put("profile", profile == 0 ? "main" : "sub");
    }

    /** Whether the rule takes this channel. */
    public boolean matches(String deviceId, String channelId) {
        return glob(devicePattern, deviceId) && glob(channelPattern, channelId);
    }

    /** The push URL for a stream of the channel. */
    public String url(String deviceId, String channelId, String ssrc) {
        return urlTemplate.replace("{deviceId}", deviceId).replace("{channelId}", channelId)
                .replace("{ssrc}", ssrc == null ? "" : ssrc);
    }

    /** The push ID the rule's pushes have on the media nodes. */
    public String pushId() {
        return pushIdOf(ruleId);
    }

    static String pushIdOf(String ruleId) {
        return "rule-" + ruleId;
    }

    /** The rule ID of a push made by a rule, or null for another push. */
    static String ruleOfPush(String pushId) {
        return pushId != null && pushId.startsWith("rule-") ? pushId.substring(5) : null;
    }

    /** Glob match by dynamic programming over pattern and text positions (no backtracking). */
    static boolean glob(String p, String t) {
        boolean[] prev = new boolean[t.length() + 1];
        prev[0] = true;
        for (int i = 1; i <= p.length(); i++) {
            char c = p.charAt(i - 1);
            boolean[] cur = new boolean[t.length() + 1];
            cur[0] = c == '*' && prev[0];
            for (int j = 1; j <= t.length(); j++) {
                cur[j] = c == '*' ? prev[j] || cur[j - 1] : prev[j - 1] && (c == '?' || c == t.charAt(j - 1));
            }
            prev = cur;
        }
        return prev[t.length()];
    }
}
