package io.gbmesh.media.push;

/** A watermark a push asks for (parsed from its JSON); see {@link #fromJson}. */
public final class Watermark {
    private Watermark() {
    }

    public static Watermark fromJson(Object json) {
        throw new IllegalArgumentException("not supported");
    }

    public StreamPusher.FrameTransform transform() {
        throw new UnsupportedOperationException();
    }
}
