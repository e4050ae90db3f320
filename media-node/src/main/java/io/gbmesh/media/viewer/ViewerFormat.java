package io.gbmesh.media.viewer;

import io.gbmesh.media.flv.FlvFanOut;
import io.gbmesh.media.mp4.Fmp4FanOut;
import io.gbmesh.protocol.media.Codec;

import java.util.function.Supplier;

/** The containers a viewer can ask a stream in, by the extension of its URL ({@code /live/<id>.<ext>}). */
public enum ViewerFormat {
    /** HTTP-FLV: H.264 as FLV annex E, H.265 as Enhanced RTMP ({@code hvc1}). */
    FLV("flv", "video/x-flv", FlvFanOut::new),
    /** Fragmented MP4, one fragment per frame: H.264 ({@code avc1}) and H.265 ({@code hvc1}). */
    MP4("mp4", "video/mp4", Fmp4FanOut::new);

    private final String extension;
    private final String contentType;
    private final Supplier<ViewerFanOut> fanOut;

    ViewerFormat(String extension, String contentType, Supplier<ViewerFanOut> fanOut) {
        this.extension = extension;
        this.contentType = contentType;
        this.fanOut = fanOut;
    }

    /** The format of a file name's extension, or null. */
    public static ViewerFormat ofExtension(String extension) {
        for (ViewerFormat f : values()) {
            if (f.extension.equals(extension)) {
                return f;
            }
        }
        return null;
    }

    public String extension() {
        return extension;
    }

    public String contentType() {
        return contentType;
    }

    /** Whether the container carries this video codec. */
    public boolean carries(Codec codec) {
        return codec == Codec.H264 || codec == Codec.H265;
    }

    /** A new fan-out of this format, for the first viewer of a stream. */
    public ViewerFanOut newFanOut() {
        return fanOut.get();
    }
}
