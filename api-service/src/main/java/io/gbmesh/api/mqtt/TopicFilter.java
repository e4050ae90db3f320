package io.gbmesh.api.mqtt;

/**
 * Topic names, topic filters and their matching, as MQTT 3.1.1 section 4.7 defines them.
 *
 * <ul>
 *   <li>Both are at least one character, at most 65535 bytes of UTF-8, and never contain U+0000 (4.7.3).</li>
 *   <li>{@code /} separates levels; levels may be empty ({@code a//b}, {@code /a}).</li>
 *   <li>{@code +} matches exactly one level and must fill the level it is in (4.7.1.3).</li>
 *   <li>{@code #} matches its parent level and any number of levels below; it must be last, alone or
 *       after a {@code /} (4.7.1.2). {@code sport/#} matches {@code sport}.</li>
 *   <li>A filter that starts with a wildcard does not match a topic name starting with {@code $}
 *       (4.7.2).</li>
 *   <li>Topic names (what is published) contain no wildcard (3.3.2.1).</li>
 * </ul>
 */
public final class TopicFilter {
    private static final int MAX_UTF8_BYTES = 65_535;

    private TopicFilter() {
    }

    /** Whether {@code filter} is a well-formed topic filter a client may subscribe to. */
    public static boolean isValidFilter(String filter) {
        if (!isValidString(filter)) {
            return false;
        }
        int levelStart = 0;
        for (int i = 0; i < filter.length(); i++) {
            char c = filter.charAt(i);
            if (c == '/') {
                levelStart = i + 1;
            } else if (c == '+') {
                boolean aloneInLevel = i == levelStart && (i + 1 == filter.length() || filter.charAt(i + 1) == '/');
                if (!aloneInLevel) {
                    return false;
                }
            } else if (c == '#') {
                if (i != levelStart || i + 1 != filter.length()) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether {@code topic} is a well-formed topic name a message may be published to. */
    public static boolean isValidTopicName(String topic) {
        return isValidString(topic) && topic.indexOf('+') < 0 && topic.indexOf('#') < 0;
    }

    /** Whether {@code level} can stand as one level of a topic name (no separator, no wildcard, not empty). */
    public static boolean isValidLevel(String level) {
        return level != null && !level.isEmpty() && level.indexOf('/') < 0 && isValidTopicName(level);
    }

    /**
     * Whether a message published to {@code topic} is delivered to a subscription with {@code filter}.
     * Both must be valid ({@link #isValidFilter}, {@link #isValidTopicName}); an invalid one never matches.
     */
    public static boolean matches(String filter, String topic) {
        if (!isValidFilter(filter) || !isValidTopicName(topic)) {
            return false;
        }
        if (topic.startsWith("$") && (filter.startsWith("+") || filter.startsWith("#"))) {
            return false;
        }
        int f = 0;
        int t = 0;
        while (true) {
            int fEnd = levelEnd(filter, f);
            String fLevel = filter.substring(f, fEnd);
            if (fLevel.equals("#")) {
                return true;
            }
            if (t > topic.length()) {
                // the topic has no more levels; only "x/#" matching its parent "x" is left, handled above
                return false;
            }
            int tEnd = levelEnd(topic, t);
            if (!fLevel.equals("+") && !fLevel.equals(topic.substring(t, tEnd))) {
                return false;
            }
            boolean filterDone = fEnd == filter.length();
            boolean topicDone = tEnd == topic.length();
            if (filterDone) {
                return topicDone;
            }
            f = fEnd + 1;
            t = topicDone ? topic.length() + 1 : tEnd + 1;
        }
    }

    private static int levelEnd(String s, int from) {
        int slash = s.indexOf('/', from);
        return slash < 0 ? s.length() : slash;
    }

    private static boolean isValidString(String s) {
        if (s == null || s.isEmpty() || s.indexOf('\u0000') >= 0) {
            return false;
        }
        if (s.length() > MAX_UTF8_BYTES) {
            return false;
        }
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        return bytes <= MAX_UTF8_BYTES;
    }
}
