package io.gbmesh.api.talk;

import io.gbmesh.contracts.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The cluster's talks ({@link Addresses#TALKS_MAP}), one per channel at a time
 * ({@link Addresses#TALK_CHANNELS_MAP}): any api-service replica lists and ends any talk, and two
 * replicas asked for the same channel at once cannot both take it.
 */
final class TalkTable {
    private final AsyncMap<String, String> talks;
    private final AsyncMap<String, String> channels;

    private TalkTable(AsyncMap<String, String> talks, AsyncMap<String, String> channels) {
        this.talks = talks;
        this.channels = channels;
    }

    static Future<TalkTable> open(Vertx vertx) {
        Future<AsyncMap<String, String>> talks = vertx.sharedData().getAsyncMap(Addresses.TALKS_MAP);
        Future<AsyncMap<String, String>> channels = vertx.sharedData().getAsyncMap(Addresses.TALK_CHANNELS_MAP);
        return Future.all(talks, channels).map(v -> new TalkTable(talks.result(), channels.result()));
    }

    private static String channelKey(String deviceId, String channelId) {
        return deviceId + "|" + channelId;
    }

    /**
     * Takes the channel for a new talk; false when the channel has one already. A channel entry whose
     * talk is gone (its replica died between the two writes) is taken over.
     */
    Future<Boolean> claim(Talk talk) {
        String key = channelKey(talk.deviceId(), talk.channelId());
        return channels.putIfAbsent(key, talk.talkId()).compose(previous -> {
            if (previous == null) {
                return talks.put(talk.talkId(), talk.encode()).map(true);
            }
            return talks.get(previous).compose(other -> other != null ? Future.succeededFuture(false)
                    : channels.replaceIfPresent(key, previous, talk.talkId()).compose(won -> won
                            ? talks.put(talk.talkId(), talk.encode()).map(true) : Future.succeededFuture(false)));
        });
    }

    /** Whether the channel has a talk now (the answer before a media node is chosen; {@link #claim} decides). */
    Future<Boolean> busy(String deviceId, String channelId) {
        return channels.get(channelKey(deviceId, channelId)).compose(talkId -> talkId == null ? Future.succeededFuture(false)
                : talks.get(talkId).map(other -> other != null));
    }

    /** Writes the talk's new state, unless it was removed meanwhile. */
    Future<Void> update(Talk talk) {
        return talks.replace(talk.talkId(), talk.encode()).mapEmpty();
    }

    Future<Talk> get(String talkId) {
        return talks.get(talkId).map(Talk::decode);
    }

    /** Forgets the talk and frees its channel: the talk for the one caller that removed it, null for the others. */
    Future<Talk> remove(String talkId) {
        return talks.remove(talkId).map(Talk::decode).compose(talk -> talk == null ? Future.succeededFuture(null)
                : channels.removeIfPresent(channelKey(talk.deviceId(), talk.channelId()), talkId).map(talk));
    }

    /** Every talk of the cluster, oldest first. */
    Future<List<Talk>> list() {
        return talks.values().map(values -> {
            List<Talk> all = new ArrayList<>(values.size());
            values.forEach(v -> all.add(Talk.decode(v)));
            all.sort(Comparator.comparingLong(Talk::createdAt).thenComparing(Talk::talkId));
            return all;
        });
    }
}
