package io.gbmesh.protocol.sdp;

/** The kind of media session an INVITE asks for, written as {@code s=} (GB/T 28181-2016 §9.2, annex G). */
public enum GbSessionKind {
    PLAY("Play"), PLAYBACK("Playback"), DOWNLOAD("Download");

    private final String sessionName;

    GbSessionKind(String sessionName) {
        this.sessionName = sessionName;
    }

    public String sessionName() {
        return sessionName;
    }

    /** True for kinds that replay a recording and so need a time range in {@code t=}. */
    public boolean isRecorded() {
        return this != PLAY;
    }
}
