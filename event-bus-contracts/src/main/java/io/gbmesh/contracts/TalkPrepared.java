package io.gbmesh.contracts;

/** The media node holds the talk: its node ID and advertised host, and its HTTP port for the audio WebSocket. */
public record TalkPrepared(String talkId, String mediaNode, String host, int httpPort) implements MeshMessage {
}
