package io.gbmesh.sipstack;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of an endpoint, by name (e.g. {@code rx.request.REGISTER}, {@code parse.error.HEADER}).
 * Names are exported as metric series, so a part taken from the wire goes through {@link #method}
 * or {@link #status} (a closed set); and as a last guard the number of names is capped, beyond which
 * increments land in {@code stats.overflow} instead of a new series.
 */
public final class SipStats {
    /** The methods we count by name; any other is {@code other}. */
    public static final Set<String> KNOWN_METHODS = Set.of("REGISTER", "MESSAGE", "INVITE", "ACK", "BYE", "CANCEL",
            "INFO", "NOTIFY", "SUBSCRIBE", "OPTIONS", "UPDATE", "PRACK", "REFER", "PUBLISH");
    public static final String OTHER = "other";
    static final int MAX_NAMES = 4096;

    private static final String[] STATUS_LABELS = new String[600];

    static {
        for (int i = 0; i < STATUS_LABELS.length; i++) {
            STATUS_LABELS[i] = Integer.toString(100 + i);
        }
    }

    private final ConcurrentHashMap<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, String>> joined = new ConcurrentHashMap<>();

    /** The label of a method: itself when we know it, else {@code other}. */
    public static String method(String method) {
        return method != null && KNOWN_METHODS.contains(method) ? method : OTHER;
    }

    /** The label of a status code: itself in 100..699 (a bounded set), else {@code other}. */
    public static String status(int code) {
        return code >= 100 && code <= 699 ? Integer.toString(code) : OTHER;
    }

    public void increment(String name) {
        add(name, 1);
    }

    /**
     * Increments {@code prefix + label} for a label from a closed set ({@link #method}, {@link #status}):
     * the joined names are kept, so that counting a message builds no string.
     */
    public void increment(String prefix, String label) {
        Map<String, String> names = joined.computeIfAbsent(prefix, p -> new ConcurrentHashMap<>());
        String name = names.get(label);
        if (name == null) {
            name = names.computeIfAbsent(label, l -> prefix + l);
        }
        add(name, 1);
    }

    /** {@link #increment(String, String)} with a status code's label. */
    public void incrementStatus(String prefix, int code) {
        increment(prefix, code >= 100 && code <= 699 ? STATUS_LABELS[code - 100] : OTHER);
    }

    /** Adds {@code n} (nothing when it is 0, so that no series appears for it). */
    public void add(String name, long n) {
        if (n == 0) {
            return;
        }
        LongAdder a = counters.get(name);
        if (a == null) {
            a = counters.size() >= MAX_NAMES ? counters.computeIfAbsent("stats.overflow", k -> new LongAdder())
                    : counters.computeIfAbsent(name, k -> new LongAdder());
        }
        a.add(n);
    }

    public long get(String name) {
        LongAdder a = counters.get(name);
        return a == null ? 0 : a.sum();
    }

    /** How many names (series) there are. */
    public int size() {
        return counters.size();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> out = new TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
