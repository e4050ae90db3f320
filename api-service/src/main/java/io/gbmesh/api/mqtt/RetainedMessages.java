package io.gbmesh.api.mqtt;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The last retained message of each topic, in memory: what a new subscription receives first
 * (MQTT 3.1.1 section 3.3.1.3). One per device status topic, so its size follows the device count.
 */
final class RetainedMessages {
    private final Map<String, Publication> byTopic = new HashMap<>();

    void put(Publication p) {
        byTopic.put(p.topic(), p);
    }

    /** Keeps {@code p} unless the topic already has a message, which is then the fresher one. */
    void putIfAbsent(Publication p) {
        byTopic.putIfAbsent(p.topic(), p);
    }

    Publication get(String topic) {
        return byTopic.get(topic);
    }

    List<Publication> matching(String filter) {
        List<Publication> out = new ArrayList<>();
        for (Publication p : byTopic.values()) {
            if (TopicFilter.matches(filter, p.topic())) {
                out.add(p);
            }
        }
        return out;
    }

    Collection<Publication> all() {
        return List.copyOf(byTopic.values());
    }

    int size() {
        return byTopic.size();
    }
}
