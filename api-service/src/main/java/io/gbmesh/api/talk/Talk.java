package io.gbmesh.api.talk;

import io.vertx.core.json.JsonObject;

/**
 * One talk as the API shows it: the channel that plays the audio, where the audio comes from, the
 * media node that sends it and the gateway node holding the device's dialog (known once the device
 * answered), its transport and G.711 law, and for a WebSocket source the URL the browser sends to.
 */
record Talk(String talkId, String deviceId, String channelId, String source, String file, String mediaNode,
            String gatewayNode, String transport, String codec, String audioUrl, String state, long createdAt) {

    Talk established(String gateway, String transportName, String law) {
        return new Talk(talkId, deviceId, channelId, source, file, mediaNode, gateway, transportName, law, audioUrl, "talking",
                createdAt);
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
        return json;
    }
}
