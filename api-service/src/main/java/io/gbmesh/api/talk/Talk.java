package io.gbmesh.api.talk;

import io.vertx.core.json.JsonObject;

/**
 * One talk as the API shows it: the channel that plays the audio, where the audio comes from, the
 * media node that sends it and the gateway node holding the device's dialog (known once the device
 * answered), its transport and G.711 law, and for a WebSocket source the URL the browser sends to.
 * A talk both ways ({@code mode} {@code "talk"}) also names the live stream whose audio goes back to
 * the browser, and whether it was started for the talk (then it ends with it).
 */
record Talk(String talkId, String deviceId, String channelId, String source, String file, String mediaNode,
            String gatewayNode, String transport, String codec, String audioUrl, String state, long createdAt,
            String mode, String streamId, boolean streamStarted) {

    static final String BROADCAST = "broadcast";
    static final String TWO_WAY = "talk";

    Talk established(String gateway, String transportName, String law) {
        return new Talk(talkId, deviceId, channelId, source, file, mediaNode, gateway, transportName, law, audioUrl, "talking",
                createdAt, mode, streamId, streamStarted);
    }

    Talk onNode(String node, String url) {
        return new Talk(talkId, deviceId, channelId, source, file, node, gatewayNode, transport, codec, url, state, createdAt,
                mode, streamId, streamStarted);
    }

    Talk withStream(String id, boolean started) {
        return new Talk(talkId, deviceId, channelId, source, file, mediaNode, gatewayNode, transport, codec, audioUrl, state,
                createdAt, mode, id, started);
    }

    JsonObject toJson() {
        JsonObject json = new JsonObject()
                .put("talkId", talkId)
                .put("deviceId", deviceId)
                .put("channelId", channelId)
                .put("source", source)
                .put("state", state)
                .put("mediaNode", mediaNode)
                .put("createdAt", java.time.Instant.ofEpochMilli(createdAt).toString());
        if (file != null) {
            json.put("file", file);
        }
        if (transport != null) {
            json.put("transport", transport).put("codec", codec).put("gatewayNode", gatewayNode);
        }
        if (audioUrl != null) {
            json.put("audioUrl", audioUrl);
        }
        json.put("mode", mode);
        if (streamId != null) {
            json.put("streamId", streamId).put("streamStartedForTalk", streamStarted);
        }
        return json;
    }

    /** The talk as the cluster's table keeps it. */
    String encode() {
        return new JsonObject().put("talkId", talkId).put("deviceId", deviceId).put("channelId", channelId)
                .put("source", source).put("file", file).put("mediaNode", mediaNode).put("gatewayNode", gatewayNode)
                .put("transport", transport).put("codec", codec).put("audioUrl", audioUrl).put("state", state)
                .put("createdAt", createdAt).put("mode", mode).put("streamId", streamId).put("streamStarted", streamStarted)
                .encode();
    }

    static Talk decode(String json) {
        if (json == null) {
            return null;
        }
        JsonObject j = new JsonObject(json);
        return new Talk(j.getString("talkId"), j.getString("deviceId"), j.getString("channelId"), j.getString("source"),
                j.getString("file"), j.getString("mediaNode"), j.getString("gatewayNode"), j.getString("transport"),
                j.getString("codec"), j.getString("audioUrl"), j.getString("state"), j.getLong("createdAt", 0L),
                j.getString("mode", BROADCAST), j.getString("streamId"), j.getBoolean("streamStarted", false));
    }
}
