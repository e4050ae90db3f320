package io.gbmesh.media.audio;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.FloatPointer;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_encoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_packet;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_frame;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLTP;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_copy;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_get_buffer;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_make_writable;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;

/**
 * FFmpeg's AAC-LC encoder (libavcodec's native {@code aac}) over 8 kHz mono samples, each packet it
 * gives back wrapped in an ADTS header (ISO/IEC 13818-7 §6.2.1), as a program stream carries AAC and
 * as the muxers here read it. Samples go in one at a time; a packet comes out per 1024 samples, after
 * the encoder's own delay of one frame. Not thread-safe; {@link #close} frees the native encoder.
 */
final class AacEncoder implements AutoCloseable {

    /** The rate of G.711, kept: AAC-LC has an 8 kHz sampling frequency index (11). */
    static final int RATE = 8000;
    static final int BIT_RATE = 24_000;
    private static final int RATE_INDEX_8000 = 11;
    private static final int PROFILE_LC = 1; // ADTS profile = audio object type (2, LC) − 1

    /** Receives one ADTS frame and its presentation time in samples since the first sample given. */
    @FunctionalInterface
    interface Out {
        void packet(byte[] adts, long ptsSamples);
    }

    private final AVCodecContext context;
    private final AVFrame frame;
    private final AVPacket packet;
    private final float[] pending;
    private int filled;
    private long samples;

    AacEncoder() {
        AVCodec codec = avcodec_find_encoder(AV_CODEC_ID_AAC);
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg has no AAC encoder");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        c.sample_rate(RATE);
        av_channel_layout_default(c.ch_layout(), 1);
        c.sample_fmt(AV_SAMPLE_FMT_FLTP);
        c.bit_rate(BIT_RATE);
        c.time_base(av_make_q(1, RATE));
        int err = avcodec_open2(c, codec, (AVDictionary) null);
        if (err < 0) {
            avcodec_free_context(c);
            throw new IllegalStateException("FFmpeg's AAC encoder did not open (error " + err + ")");
        }
        context = c;
        pending = new float[c.frame_size()];
        frame = av_frame_alloc();
        frame.nb_samples(pending.length).format(AV_SAMPLE_FMT_FLTP).sample_rate(RATE);
        av_channel_layout_copy(frame.ch_layout(), c.ch_layout());
        if (av_frame_get_buffer(frame, 0) < 0) {
            close();
            throw new IllegalStateException("no audio frame buffer");
        }
        packet = av_packet_alloc();
    }

    /** One 16-bit sample; a full frame is encoded and what the encoder gives back goes to {@code out}. */
    void sample(short value, Out out) {
        pending[filled++] = value / 32768f;
        if (filled == pending.length) {
            av_frame_make_writable(frame);
            new FloatPointer(frame.data(0)).put(pending, 0, pending.length);
            frame.pts(samples);
            samples += pending.length;
            filled = 0;
            if (avcodec_send_frame(context, frame) >= 0) {
                drain(out);
            }
        }
    }

    /** Samples taken so far (including those not yet encoded). */
    long samplesIn() {
        return samples + filled;
    }

    private void drain(Out out) {
        while (avcodec_receive_packet(context, packet) == 0) {
            int size = packet.size();
            byte[] adts = new byte[7 + size];
            header(adts, adts.length);
            packet.data().get(adts, 7, size);
            long pts = packet.pts();
            av_packet_unref(packet);
            out.packet(adts, pts);
        }
    }

    /** The 7-byte ADTS header without CRC: MPEG-4, AAC-LC, 8 kHz, one channel, this frame length. */
    static void header(byte[] a, int frameLength) {
        a[0] = (byte) 0xFF;
        a[1] = (byte) 0xF1;
        a[2] = (byte) (PROFILE_LC << 6 | RATE_INDEX_8000 << 2);
        a[3] = (byte) (1 << 6 | (frameLength >> 11) & 0x03);
        a[4] = (byte) (frameLength >> 3);
        a[5] = (byte) ((frameLength & 0x07) << 5 | 0x1F);
        a[6] = (byte) 0xFC;
    }

    @Override
    public void close() {
        if (packet != null) {
            av_packet_free(packet);
        }
        if (frame != null) {
            av_frame_free(frame);
        }
        avcodec_free_context(context);
    }
}
