package io.gbmesh.media.talk;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_AAC;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.av_channel_layout_default;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;
import static org.bytedeco.ffmpeg.global.swresample.swr_alloc_set_opts2;
import static org.bytedeco.ffmpeg.global.swresample.swr_convert;
import static org.bytedeco.ffmpeg.global.swresample.swr_free;
import static org.bytedeco.ffmpeg.global.swresample.swr_init;

import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVChannelLayout;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.swresample.SwrContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;

/**
 * FFmpeg's AAC decoder over the ADTS frames a program stream carries (ISO/IEC 13818-7 §6.2; the
 * decoder reads the configuration from each ADTS header), its output resampled by libswresample to
 * 8 kHz mono signed 16-bit samples, handed out one at a time. The resampler is made at the first
 * decoded frame and made again when the rate or the channels change. Not thread-safe; {@link #close}
 * frees the native state.
 */
final class AacToPcm implements AutoCloseable {
    static final int RATE = 8000;
    /** Output room per call: a 2048-sample HE-AAC frame at 8 kHz from 16 kHz, with the resampler's delay. */
    private static final int OUT_SAMPLES = 4096;

    @FunctionalInterface
    interface Samples {
        void sample(short value);
    }

    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame frame;
    private final AVChannelLayout mono = new AVChannelLayout();
    private final BytePointer out = new BytePointer(OUT_SAMPLES * 2L);
    private final PointerPointer<BytePointer> outPlanes = new PointerPointer<>(1);
    private final byte[] outBytes = new byte[OUT_SAMPLES * 2];
    private SwrContext swr;
    private int swrRate = -1;
    private int swrChannels = -1;
    private long failed;

    AacToPcm() {
        AVCodec codec = avcodec_find_decoder(AV_CODEC_ID_AAC);
        if (codec == null) {
            throw new IllegalStateException("this FFmpeg has no AAC decoder");
        }
        AVCodecContext c = avcodec_alloc_context3(codec);
        if (avcodec_open2(c, codec, (AVDictionary) null) < 0) {
            avcodec_free_context(c);
            throw new IllegalStateException("FFmpeg's AAC decoder did not open");
        }
        context = c;
        packet = av_packet_alloc();
        frame = av_frame_alloc();
        av_channel_layout_default(mono, 1);
        outPlanes.put(0, out);
    }

    /** Decodes one ADTS frame; its samples at 8 kHz mono go to {@code to}. */
    void decode(byte[] adts, Samples to) {
        if (av_new_packet(packet, adts.length) < 0) {
            failed++;
            return;
        }
        packet.data().put(adts, 0, adts.length);
        int sent = avcodec_send_packet(context, packet);
        av_packet_unref(packet);
        if (sent < 0) {
            failed++;
            return;
        }
        while (avcodec_receive_frame(context, frame) == 0) {
            resample(to);
            av_frame_unref(frame);
        }
    }

    private void resample(Samples to) {
        int rate = frame.sample_rate();
        int channels = frame.ch_layout().nb_channels();
        if (swr == null || rate != swrRate || channels != swrChannels) {
            freeResampler();
            // a null context: swr_alloc_set_opts2 allocates one and writes its address back (as javacv does)
            SwrContext made = new SwrContext();
            if (swr_alloc_set_opts2(made, mono, AV_SAMPLE_FMT_S16, RATE, frame.ch_layout(), frame.format(), rate, 0, null) < 0
                    || made.isNull()) {
                failed++;
                return;
            }
            swr = made;
            if (swr_init(swr) < 0) {
                freeResampler();
                failed++;
                return;
            }
            swrRate = rate;
            swrChannels = channels;
        }
        int n = swr_convert(swr, outPlanes, OUT_SAMPLES, frame.extended_data(), frame.nb_samples());
        if (n <= 0) {
            return;
        }
        out.get(outBytes, 0, n * 2);
        for (int i = 0; i < n; i++) {
            to.sample((short) ((outBytes[2 * i] & 0xFF) | (outBytes[2 * i + 1] << 8)));
        }
    }

    long failed() {
        return failed;
    }

    private void freeResampler() {
        if (swr != null) {
            swr_free(swr);
            swr = null;
        }
        swrRate = -1;
        swrChannels = -1;
    }

    @Override
    public void close() {
        freeResampler();
        av_packet_free(packet);
        av_frame_free(frame);
        avcodec_free_context(context);
        out.close();
        outPlanes.close();
    }
}
