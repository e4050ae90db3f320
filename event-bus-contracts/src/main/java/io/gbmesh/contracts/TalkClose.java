package io.gbmesh.contracts;

/** End a talk: to the gateway node holding its dialog (sends BYE) and to its media node (stops sending). */
public record TalkClose(String talkId, String reason) implements MeshMessage {
}
