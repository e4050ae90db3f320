package io.gbmesh.contracts;

/**
 * Sent by the api-service to one media node ({@link Addresses#mediaNodeTalk(String)}): get ready to
 * send a talk's audio to a device, taking it from {@code source}: {@code "file"} reads {@code fileUrl}
 * (a path or URL FFmpeg reads), {@code "websocket"} waits for PCM on the node's talk WebSocket.
 * Reply: {@link TalkPrepared}.
 */
public record TalkOpen(String talkId, String deviceId, String channelId, String source, String fileUrl)
        implements MeshMessage {
}
