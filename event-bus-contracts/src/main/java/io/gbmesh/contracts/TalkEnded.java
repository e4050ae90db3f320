package io.gbmesh.contracts;

/**
 * A talk ended on its own, published on {@link Addresses#TALK_ENDED}: the device sent BYE
 * ({@code device-bye}, by the gateway), or the media node's source or connection ended
 * ({@code source-ended}, {@code source-failed}, {@code connection-lost}).
 */
public record TalkEnded(String talkId, String reason, long at) implements MeshMessage {
}
