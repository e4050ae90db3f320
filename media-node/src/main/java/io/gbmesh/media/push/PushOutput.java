package io.gbmesh.media.push;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_free;
import static org.bytedeco.ffmpeg.global.avutil.av_dict_set;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.gbmesh.media.stream.H264Sps;
import io.gbmesh.media.stream.H265Sps;
import io.gbmesh.protocol.media.Codec;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;

/**
 * One connection of a push: an FFmpeg output (FLV over RTMP, RTP over RTSP with TCP interleaving)
 * opened for one H.264 or H.265 video stream whose parameter sets are known, taking Annex-B access
 * units on the 90 kHz clock. Network reads and writes give up after {@link #IO_TIMEOUT_MICROS}, so a
 * receiver that vanished fails the push instead of hanging it. Not thread-safe: one push thread.
 */
final class PushOutput implements AutoCloseable {

    /** How long a connect, read or write may block before the connection counts as lost. */
    static final long IO_TIMEOUT_MICROS = 5_000_000;
    private static final AVRational NINETY_KHZ = av_make_q(1, 90_000);

    private final String url;
    private final AVFormatContext out;
    private final AVPacket packet = av_packet_alloc();
    private final int width;
    private final int height;
    private boolean headerWritten;

    /**
     * Connects to {@code url} and writes the stream header.
     *
     * @param parameterSets the extradata in Annex-B (VPS, SPS, PPS for H.265; SPS, PPS for H.264)
     * @param sps           the SPS NAL unit, for the picture size
     */
    PushOutput(String url, Codec codec, byte[] parameterSets, byte[] sps) {
        this.url = url;
        String format = url.startsWith("rtmp") ? "flv" : url.startsWith("rtsp") ? "rtsp" : null;
        AVFormatContext ctx = new AVFormatContext(null);
        if (avformat_alloc_output_context2(ctx, null, format, url) < 0 || ctx.isNull()) {
            av_packet_free(packet);
            throw new IllegalStateException("no muxer for " + url);
        }
        this.out = ctx;
        boolean hevc = codec == Codec.H265;
        try {
            if (hevc) {
                H265Sps parsed = H265Sps.parse(sps);
                width = parsed.width();
                height = parsed.height();
            } else {
                H264Sps parsed = H264Sps.parse(sps);
                width = parsed.width();
                height = parsed.height();
            }
        } catch (H264Sps.MalformedSpsException e) {
            close();
            throw new IllegalStateException("the stream's SPS cannot be read: " + e.getMessage());
        }
        AVStream stream = avformat_new_stream(out, null);
        AVCodecParameters par = stream.codecpar();
        par.codec_type(AVMEDIA_TYPE_VIDEO);
        par.codec_id(hevc ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        par.width(width);
        par.height(height);
        // extradata in Annex-B: the FLV and RTSP muxers turn it into what their container wants
        BytePointer ext = new BytePointer(av_malloc(parameterSets.length + AV_INPUT_BUFFER_PADDING_SIZE));
        ext.position(0).put(parameterSets, 0, parameterSets.length);
        for (int i = 0; i < AV_INPUT_BUFFER_PADDING_SIZE; i++) {
            ext.put(parameterSets.length + i, (byte) 0);
        }
        par.extradata(ext);
        par.extradata_size(parameterSets.length);
        stream.time_base(NINETY_KHZ);
        AVDictionary options = new AVDictionary(null);
        try {
            String timeout = Long.toString(IO_TIMEOUT_MICROS);
            if ((out.oformat().flags() & AVFMT_NOFILE) == 0) {
                av_dict_set(options, "rw_timeout", timeout, 0);
                AVIOContext pb = new AVIOContext(null);
                if (avio_open2(pb, url, AVIO_FLAG_WRITE, null, options) < 0) {
                    close();
                    throw new IllegalStateException("cannot connect to " + url);
                }
                out.pb(pb);
            } else {
                av_dict_set(options, "rtsp_transport", "tcp", 0);
                av_dict_set(options, "timeout", timeout, 0);
            }
            if (avformat_write_header(out, options) < 0) {
                close();
                throw new IllegalStateException("the receiver at " + url + " refused the stream header");
            }
            headerWritten = true;
        } finally {
            av_dict_free(options);
        }
    }

    int width() {
        return width;
    }

    int height() {
        return height;
    }

    /** Writes one access unit, its times relative to the connection's first frame on the 90 kHz clock. */
    void write(byte[] data, long dts, long pts, boolean keyFrame) {
        if (av_new_packet(packet, data.length) < 0) {
            throw new IllegalStateException("out of memory for a packet");
        }
        packet.data().put(data, 0, data.length);
        packet.stream_index(0);
        // the muxer may have chosen another time base in its header (FLV: milliseconds)
        AVRational tb = out.streams(0).time_base();
        packet.dts(av_rescale_q(dts, NINETY_KHZ, tb));
        packet.pts(av_rescale_q(Math.max(pts, dts), NINETY_KHZ, tb));
        packet.flags(keyFrame ? AV_PKT_FLAG_KEY : 0);
        int rc = av_interleaved_write_frame(out, packet);
        av_packet_unref(packet);
        if (rc < 0) {
            throw new IllegalStateException("writing to " + url + " failed (" + rc + ")");
        }
    }

    /** Ends the stream (trailer when the header went out) and releases the connection. */
    @Override
    public void close() {
        av_packet_free(packet);
        if (out == null) {
            return;
        }
        if (headerWritten) {
            av_write_trailer(out);
        }
        if ((out.oformat().flags() & AVFMT_NOFILE) == 0 && out.pb() != null && !out.pb().isNull()) {
            avio_closep(out.pb());
        }
        avformat_free_context(out);
    }

    /** The parameter sets, each behind a four-byte start code. */
    static byte[] annexB(byte[]... parameterSets) {
        int length = 0;
        for (byte[] p : parameterSets) {
            length += 4 + p.length;
        }
        byte[] bytes = new byte[length];
        int at = 0;
        for (byte[] p : parameterSets) {
            bytes[at + 3] = 1;
            System.arraycopy(p, 0, bytes, at + 4, p.length);
            at += 4 + p.length;
        }
        return bytes;
    }
}
