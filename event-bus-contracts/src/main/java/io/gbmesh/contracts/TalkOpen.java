package io.gbmesh.contracts;

/**
 * Sent by the api-service to one media node ({@link Addresses#mediaNodeTalk(String)}): get ready to
 * send a talk's audio to a device, taking it from {@code source}: {@code "file"} reads {@code fileUrl}
 * (a path or URL FFmpeg reads), {@code "websocket"} waits for PCM (or Opus in WebM or Ogg) on the
 * node's talk WebSocket. With {@code listenStreamId} (a talk both ways) the audio of that stream,
 * running on the same node, goes back to the WebSocket as PCM. Reply: {@link TalkPrepared}.
 */
public record TalkOpen(String talkId, String deviceId, String channelId, String source, String fileUrl,
                       String listenStreamId) implements MeshMessage {

    /** A broadcast: audio to the device only. */
    public TalkOpen(String talkId, String deviceId, String channelId, String source, String fileUrl) {
        this(talkId, deviceId, channelId, source, fileUrl, null);
    }
}
