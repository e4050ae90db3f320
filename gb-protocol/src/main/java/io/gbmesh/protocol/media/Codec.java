package io.gbmesh.protocol.media;

/**
 * Media codecs a GB/T 28181 device may carry in its program stream, with the {@code stream_type}
 * values they are announced with in the program stream map (ISO/IEC 13818-1 table 2-34, and
 * GB/T 28181-2016 annex C for SVAC and G.711).
 */
public enum Codec {
    H264(0x1B, true),
    H265(0x24, true),
    MPEG4(0x10, true),
    SVAC(0x80, true),
    AAC(0x0F, false),
    G711A(0x90, false),
    G711U(0x91, false),
    /** SVAC audio (GB/T 28181-2016 annex C); kept apart from {@link #SVAC} so that it is not taken for video. */
    SVAC_AUDIO(0x9B, false),
    UNKNOWN(-1, false);

    private static final Codec[] BY_STREAM_TYPE = new Codec[256];

    static {
        for (Codec c : values()) {
            if (c.streamType >= 0) {
                BY_STREAM_TYPE[c.streamType] = c;
            }
        }
    }

    private final int streamType;
    private final boolean video;

    Codec(int streamType, boolean video) {
        this.streamType = streamType;
        this.video = video;
    }

    /** The PSM {@code stream_type} for this codec, or -1 for {@link #UNKNOWN}. */
    public int streamType() {
        return streamType;
    }

    public boolean isVideo() {
        return video;
    }

    /** The codec announced by a PSM {@code stream_type}; {@link #UNKNOWN} for any other value. */
    public static Codec fromStreamType(int streamType) {
        if (streamType < 0 || streamType > 255) {
            return UNKNOWN;
        }
        Codec c = BY_STREAM_TYPE[streamType];
        return c == null ? UNKNOWN : c;
    }
}
