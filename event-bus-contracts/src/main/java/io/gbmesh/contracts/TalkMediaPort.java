package io.gbmesh.contracts;

/** The media node's side of a talk: the address and port named in the answer SDP. */
public record TalkMediaPort(String talkId, String host, int port) implements MeshMessage {
}
