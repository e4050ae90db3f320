package io.gbmesh.media.push;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder_by_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avfilter.AV_BUFFERSRC_FLAG_KEEP_REF;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersink_get_frame;
import static org.bytedeco.ffmpeg.global.avfilter.av_buffersrc_add_frame_flags;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_get_by_name;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_alloc;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_config;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_create_filter;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_graph_free;
import static org.bytedeco.ffmpeg.global.avfilter.avfilter_link;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_RGBA;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

import io.gbmesh.protocol.media.AnnexB;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avfilter.AVFilterContext;
import org.bytedeco.ffmpeg.avfilter.AVFilterGraph;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.BytePointer;

/**
 * Puts a {@link Watermark} on a push's video: each access unit is decoded (H.264 or H.265), FFmpeg's
 * {@code overlay} filter lays the watermark's RGBA picture on it (the picture drawn again when its text
 * changes, once a second with {@code {time}}), and the result is encoded again as H.264 with OpenH264
 * (the encoder the JavaCPP build carries), 25 frames a second at most, a key frame every 2 s, no
 * B-frames, at about 2 Mbit/s for D1 (scaled by the picture's area). Timestamps stay the source's.
 * Used on the push's thread only.
 */
final class WatermarkTranscoder implements StreamPusher.FrameTransform {
    private static final int NINETY_KHZ = 90_000;

    private final Watermark watermark;
    private AVCodecContext decoder;
    private AVCodecContext encoder;
    private AVFilterGraph graph;
    private AVFilterContext source;
    private AVFilterContext overlaySource;
    private AVFilterContext sink;
    private final AVPacket packet = av_packet_alloc();
    private final AVPacket encoded = av_packet_alloc();
    private final AVFrame decoded = av_frame_alloc();
    private final AVFrame filtered = av_frame_alloc();
    private AVFrame overlay;
    private String overlayText;
    private int width;
    private int height;
    private int format = -1;
    private Codec sourceCodec;

    WatermarkTranscoder(Watermark watermark) {
        this.watermark = watermark;
    }

    @Override
    public List<MediaFrame> apply(MediaFrame f) {
        List<MediaFrame> out = new ArrayList<>();
        if (decoder == null) {
            if (!f.keyFrame()) {
                return out;
            }
            openDecoder(f.codec());
        }
        if (f.codec() != sourceCodec) {
            return out;
        }
        byte[] au = f.data();
        if (av_new_packet(packet, au.length) < 0) {
            throw new IllegalStateException("out of memory for a packet");
        }
        packet.data().put(au, 0, au.length);
        long pts = f.pts() >= 0 ? f.pts() : f.dts();
        packet.pts(pts);
        packet.dts(f.dts() >= 0 ? f.dts() : pts);
        int rc = avcodec_send_packet(decoder, packet);
        av_packet_unref(packet);
        if (rc < 0) {
            return out; // a damaged access unit: the decoder carries on at the next
        }
        while (avcodec_receive_frame(decoder, decoded) >= 0) {
            if (graph == null) {
                openFilterAndEncoder(decoded.width(), decoded.height(), decoded.format());
            }
            if (decoded.width() != width || decoded.height() != height || decoded.format() != format) {
                av_frame_unref(decoded);
                continue; // the source changed its picture: this connection keeps its size
            }
            long framePts = decoded.best_effort_timestamp();
            decoded.pts(framePts);
            refreshOverlay();
            overlay.pts(framePts);
            if (av_buffersrc_add_frame_flags(source, decoded, AV_BUFFERSRC_FLAG_KEEP_REF) < 0
                    || av_buffersrc_add_frame_flags(overlaySource, overlay, AV_BUFFERSRC_FLAG_KEEP_REF) < 0) {
                throw new IllegalStateException("the watermark filter refused a picture");
            }
            av_frame_unref(decoded);
            while (av_buffersink_get_frame(sink, filtered) >= 0) {
                filtered.pict_type(0);
                int sent = avcodec_send_frame(encoder, filtered);
                av_frame_unref(filtered);
                if (sent < 0) {
                    throw new IllegalStateException("the H.264 encoder refused a picture (" + sent + ")");
                }
                drainEncoder(out);
            }
        }
        return out;
    }

    private void drainEncoder(List<MediaFrame> out) {
        while (avcodec_receive_packet(encoder, encoded) >= 0) {
            byte[] bytes = new byte[encoded.size()];
            encoded.data().get(bytes);
            long p = encoded.pts();
            long d = encoded.dts();
            av_packet_unref(encoded);
            out.add(AnnexB.videoFrame(Codec.H264, 0xE0, p, d == Long.MIN_VALUE ? p : d, bytes));
        }
    }

    private void openDecoder(Codec codec) {
        sourceCodec = codec;
        AVCodec c = avcodec_find_decoder(codec == Codec.H265 ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        decoder = avcodec_alloc_context3(c);
        decoder.thread_count(1);
        decoder.pkt_timebase(av_make_q(1, NINETY_KHZ));
        if (avcodec_open2(decoder, c, (AVDictionary) null) < 0) {
            throw new IllegalStateException("no " + codec + " decoder");
        }
    }

    private void openFilterAndEncoder(int w, int h, int pixelFormat) {
        width = w;
        height = h;
        format = pixelFormat;
        String text = watermark.textNow();
        BufferedImage picture = watermark.render(text);
        overlayText = text;
        overlay = rgbaFrame(picture);
        graph = avfilter_graph_alloc();
        graph.nb_threads(1); // the whole push on its own thread: no filter thread pool per push
        source = filter("buffer", "in", "video_size=" + w + "x" + h + ":pix_fmt=" + pixelFormat
                + ":time_base=1/" + NINETY_KHZ + ":pixel_aspect=1/1");
        overlaySource = filter("buffer", "wm", "video_size=" + picture.getWidth() + "x" + picture.getHeight()
                + ":pix_fmt=" + AV_PIX_FMT_RGBA + ":time_base=1/" + NINETY_KHZ + ":pixel_aspect=1/1");
        AVFilterContext over = filter("overlay", "overlay", "x=" + watermark.x() + ":y=" + watermark.y()
                + ":eof_action=repeat:repeatlast=1");
        AVFilterContext toYuv = filter("format", "yuv", "pix_fmts=yuv420p");
        sink = filter("buffersink", "out", null);
        if (avfilter_link(source, 0, over, 0) < 0 || avfilter_link(overlaySource, 0, over, 1) < 0
                || avfilter_link(over, 0, toYuv, 0) < 0 || avfilter_link(toYuv, 0, sink, 0) < 0
                || avfilter_graph_config(graph, null) < 0) {
            throw new IllegalStateException("the watermark filter graph cannot be set up");
        }
        AVCodec c = avcodec_find_encoder_by_name("libopenh264");
        if (c == null || c.isNull()) {
            throw new IllegalStateException("no H.264 encoder (libopenh264) in this FFmpeg");
        }
        encoder = avcodec_alloc_context3(c);
        encoder.width(w);
        encoder.height(h);
        encoder.pix_fmt(AV_PIX_FMT_YUV420P);
        encoder.time_base(av_make_q(1, NINETY_KHZ));
        encoder.framerate(av_make_q(25, 1));
        encoder.gop_size(50);
        encoder.max_b_frames(0);
        encoder.bit_rate(Math.max(300_000L, 2_000_000L * w * h / (704 * 576)));
        encoder.thread_count(1);
        if (avcodec_open2(encoder, c, (AVDictionary) null) < 0) {
            throw new IllegalStateException("the H.264 encoder did not open for " + w + "x" + h);
        }
    }

    private AVFilterContext filter(String name, String label, String args) {
        AVFilterContext ctx = new AVFilterContext();
        if (avfilter_graph_create_filter(ctx, avfilter_get_by_name(name), label, args, null, graph) < 0) {
            throw new IllegalStateException("the " + name + " filter cannot be made (" + args + ")");
        }
        return ctx;
    }

    /** Draws the overlay again when its text changed (the time, each second), at the same size when it can. */
    private void refreshOverlay() {
        String text = watermark.textNow();
        if (text == null || text.equals(overlayText)) {
            return;
        }
        BufferedImage picture = watermark.render(text);
        if (picture.getWidth() != overlay.width() || picture.getHeight() != overlay.height()) {
            return; // the buffer source was set up for the first size; a text of another width keeps the last picture
        }
        overlayText = text;
        AVFrame next = rgbaFrame(picture);
        av_frame_free(overlay);
        overlay = next;
    }

    private static AVFrame rgbaFrame(BufferedImage picture) {
        int w = picture.getWidth();
        int h = picture.getHeight();
        AVFrame frame = av_frame_alloc();
        frame.format(AV_PIX_FMT_RGBA);
        frame.width(w);
        frame.height(h);
        if (av_frame_get_buffer(frame, 0) < 0) {
            throw new IllegalStateException("out of memory for the watermark");
        }
        int[] argb = picture.getRGB(0, 0, w, h, null, 0, w);
        byte[] row = new byte[w * 4];
        BytePointer data = frame.data(0);
        int stride = frame.linesize(0);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int p = argb[y * w + x];
                row[x * 4] = (byte) (p >> 16);
                row[x * 4 + 1] = (byte) (p >> 8);
                row[x * 4 + 2] = (byte) p;
                row[x * 4 + 3] = (byte) (p >>> 24);
            }
            data.position((long) y * stride).put(row, 0, row.length);
        }
        data.position(0);
        return frame;
    }

    @Override
    public void close() {
        av_packet_free(packet);
        av_packet_free(encoded);
        av_frame_free(decoded);
        av_frame_free(filtered);
        if (overlay != null) {
            av_frame_free(overlay);
        }
        if (graph != null) {
            avfilter_graph_free(graph);
        }
        if (decoder != null) {
            avcodec_free_context(decoder);
        }
        if (encoder != null) {
            avcodec_free_context(encoder);
        }
    }
}
