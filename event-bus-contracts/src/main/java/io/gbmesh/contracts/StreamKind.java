package io.gbmesh.contracts;

/** What an INVITE asks for: SDP {@code s=Play}, {@code s=Playback} or {@code s=Download}. */
public enum StreamKind {
    PLAY, PLAYBACK, DOWNLOAD
}
