package io.gbmesh.media.snapshot;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_FLAG_QSCALE;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;
import static org.bytedeco.ffmpeg.global.avutil.FF_QP2LAMBDA;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.swscale.SWS_BILINEAR;
import static org.bytedeco.ffmpeg.global.swscale.sws_freeContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_getContext;
import static org.bytedeco.ffmpeg.global.swscale.sws_scale;

import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.DoublePointer;

/**
 * A JPEG of one H.264 or H.265 key frame: the frame (its parameter sets put in front) is decoded with
 * FFmpeg, converted to full-range YUV 4:2:0 and encoded as baseline JPEG at the stream's own picture
 * size. Blocking and CPU-bound (tens of milliseconds for D1): call it off the event loops.
 */
public final class JpegSnapshot {

    /** JPEG quantiser scale (2 = best, 31 = worst); 3 keeps a D1 picture around 60 KiB. */
    private static final int QUALITY = 3;

    private JpegSnapshot() {
    }

    /** The JPEG of {@code keyFrame}; throws {@link IllegalStateException} when it does not decode. */
    public static byte[] encode(MediaFrame keyFrame) {
        AVFrame picture = decode(keyFrame);
        try {
            return jpeg(picture);
        } finally {
            av_frame_free(picture);
        }
    }

    private static AVFrame decode(MediaFrame key) {
        boolean hevc = key.codec() == Codec.H265;
        AVCodec codec = avcodec_find_decoder(hevc ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVPacket packet = av_packet_alloc();
        AVFrame frame = av_frame_alloc();
        boolean ok = false;
        try {
            ctx.thread_count(1);
            if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) {
                throw new IllegalStateException("no " + key.codec() + " decoder");
            }
            byte[] au = accessUnit(key);
            if (av_new_packet(packet, au.length) < 0) {
                throw new IllegalStateException("out of memory for a packet");
            }
            packet.data().put(au, 0, au.length);
            avcodec_send_packet(ctx, packet);
            avcodec_send_packet(ctx, null); // end of stream: the decoder gives out what it holds
            if (avcodec_receive_frame(ctx, frame) < 0 || frame.width() <= 0) {
                throw new IllegalStateException("the key frame did not decode");
            }
            ok = true;
            return frame;
        } finally {
            av_packet_free(packet);
            avcodec_free_context(ctx);
            if (!ok) {
                av_frame_free(frame);
            }
        }
    }

    /** The key frame's parameter sets, then its own bytes (Annex-B; a repeat of a parameter set is harmless). */
    static byte[] accessUnit(MediaFrame key) {
        byte[][] sets = key.codec() == Codec.H265 ? new byte[][] {key.vps(), key.sps(), key.pps()}
                : new byte[][] {key.sps(), key.pps()};
        int length = key.data().length;
        for (byte[] s : sets) {
            length += 4 + s.length;
        }
        byte[] au = new byte[length];
        int at = 0;
        for (byte[] s : sets) {
            au[at + 3] = 1;
            System.arraycopy(s, 0, au, at + 4, s.length);
            at += 4 + s.length;
        }
        System.arraycopy(key.data(), 0, au, at, key.data().length);
        return au;
    }

    private static byte[] jpeg(AVFrame picture) {
        int w = picture.width();
        int h = picture.height();
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_MJPEG);
        AVCodecContext ctx = avcodec_alloc_context3(codec);
        AVFrame yuv = av_frame_alloc();
        AVPacket packet = av_packet_alloc();
        SwsContext sws = null;
        try {
            ctx.width(w);
            ctx.height(h);
            ctx.pix_fmt(AV_PIX_FMT_YUVJ420P);
            ctx.time_base(av_make_q(1, 25));
            ctx.flags(ctx.flags() | AV_CODEC_FLAG_QSCALE);
            ctx.global_quality(FF_QP2LAMBDA * QUALITY);
            if (avcodec_open2(ctx, codec, (AVDictionary) null) < 0) {
                throw new IllegalStateException("no JPEG encoder");
            }
            yuv.format(AV_PIX_FMT_YUVJ420P);
            yuv.width(w);
            yuv.height(h);
            if (av_frame_get_buffer(yuv, 0) < 0) {
                throw new IllegalStateException("out of memory for a picture");
            }
            sws = sws_getContext(w, h, picture.format(), w, h, AV_PIX_FMT_YUVJ420P, SWS_BILINEAR, null, null,
                    (DoublePointer) null);
            if (sws == null || sws.isNull()) {
                throw new IllegalStateException("cannot convert pixel format " + picture.format());
            }
            sws_scale(sws, picture.data(), picture.linesize(), 0, h, yuv.data(), yuv.linesize());
            yuv.quality(ctx.global_quality());
            yuv.pts(0);
            if (avcodec_send_frame(ctx, yuv) < 0) {
                throw new IllegalStateException("the JPEG encoder refused the picture");
            }
            avcodec_send_frame(ctx, null);
            if (avcodec_receive_packet(ctx, packet) < 0) {
                throw new IllegalStateException("the JPEG encoder gave nothing");
            }
            byte[] jpeg = new byte[packet.size()];
            packet.data().get(jpeg);
            return jpeg;
        } finally {
            if (sws != null) {
                sws_freeContext(sws);
            }
            av_packet_free(packet);
            av_frame_free(yuv);
            avcodec_free_context(ctx);
        }
    }
}
