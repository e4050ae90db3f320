package io.gbmesh.api.talk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The talks this API replica started: one per channel at a time. Safe from any thread.
 */
final class TalkTable {
    private final Map<String, Talk> byId = new HashMap<>();
    private final Map<String, String> byChannel = new HashMap<>();

    private static String channelKey(String deviceId, String channelId) {
        return deviceId + "|" + channelId;
    }

    /** Takes the channel for a new talk; false when the channel has one already. */
    synchronized boolean claim(Talk talk) {
        String key = channelKey(talk.deviceId(), talk.channelId());
        if (byChannel.containsKey(key)) {
            return false;
        }
        byChannel.put(key, talk.talkId());
        byId.put(talk.talkId(), talk);
        return true;
    }

    synchronized void update(Talk talk) {
        if (byId.containsKey(talk.talkId())) {
            byId.put(talk.talkId(), talk);
        }
    }

    synchronized Talk get(String talkId) {
        return byId.get(talkId);
    }

    /** Forgets the talk and frees its channel; the talk, or null when it was not here. */
    synchronized Talk remove(String talkId) {
        Talk talk = byId.remove(talkId);
        if (talk != null) {
            byChannel.remove(channelKey(talk.deviceId(), talk.channelId()), talkId);
        }
        return talk;
    }

    synchronized List<Talk> list() {
        List<Talk> all = new ArrayList<>(byId.values());
        all.sort(Comparator.comparingLong(Talk::createdAt));
        return all;
    }
}
