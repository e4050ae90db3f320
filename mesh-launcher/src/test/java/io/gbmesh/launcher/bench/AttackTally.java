package io.gbmesh.launcher.bench;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the soak's attacker sent, by kind, and what each got back: the final status codes, or
 * "none" when nothing came within the answer window. Used from the attacker's one thread.
 */
final class AttackTally {
    private final LinkedHashMap<String, Long> pending = new LinkedHashMap<>();
    private final Map<String, Long> sent = new TreeMap<>();
    private final Map<String, Map<String, Long>> outcomes = new TreeMap<>();
    private final Map<String, Long> notes = new TreeMap<>();

    void sent(String branch, long now) {
        String label = AttackMessages.labelOf(branch);
        sent.merge(label, 1L, Long::sum);
        pending.put(branch, now);
    }

    /** A request of a kind that is not answered per request (bytes of a slow header, a connection). */
    void sentUnanswerable(String label) {
        sent.merge(label, 1L, Long::sum);
    }

    /** A response; returns false when it answers none of our pending requests. */
    boolean answered(String branch, int status) {
        String label = AttackMessages.labelOf(branch);
        if (label == null) {
            return false;
        }
        if (status < 200) {
            return true;
        }
        if (pending.remove(branch) == null) {
            outcome(label, "late-or-repeated");
            return true;
        }
        outcome(label, Integer.toString(status));
        return true;
    }

    /** Requests unanswered for longer than {@code windowNanos} count as "none". */
    void expire(long now, long windowNanos) {
        Iterator<Map.Entry<String, Long>> it = pending.entrySet().iterator();
        while (it.hasNext()) {
            Map.Entry<String, Long> e = it.next();
            if (now - e.getValue() < windowNanos) {
                return;
            }
            outcome(AttackMessages.labelOf(e.getKey()), "none");
            it.remove();
        }
    }

    void note(String name, long delta) {
        notes.merge(name, delta, Long::sum);
    }

    long total() {
        long n = 0;
        for (long v : sent.values()) {
            n += v;
        }
        return n;
    }

    private void outcome(String label, String what) {
        outcomes.computeIfAbsent(label, k -> new TreeMap<>()).merge(what, 1L, Long::sum);
    }

    String report() {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-48s %10s  %s%n", "attack (kind[.variant])", "sent", "answers (status:count, none = no answer)"));
        sent.forEach((label, n) -> {
            StringBuilder answers = new StringBuilder();
            outcomes.getOrDefault(label, Map.of()).forEach((k, v) -> answers.append(k).append(':').append(v).append(' '));
            b.append(String.format("%-48s %10d  %s%n", label, n, answers.toString().trim()));
        });
        b.append(String.format("%-48s %10d%n", "total", total()));
        notes.forEach((k, v) -> b.append("attack.").append(k).append('=').append(v).append('\n'));
        return b.toString();
    }
}
