package io.gbmesh.media.push;

import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_HEVC;
import static org.bytedeco.ffmpeg.global.avcodec.AV_INPUT_BUFFER_PADDING_SIZE;
import static org.bytedeco.ffmpeg.global.avcodec.AV_PKT_FLAG_KEY;
import static org.bytedeco.ffmpeg.global.avcodec.av_new_packet;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avformat.AVFMT_NOFILE;
import static org.bytedeco.ffmpeg.global.avformat.AVIO_FLAG_WRITE;
import static org.bytedeco.ffmpeg.global.avformat.av_interleaved_write_frame;
import static org.bytedeco.ffmpeg.global.avformat.av_write_trailer;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_output_context2;
import static org.bytedeco.ffmpeg.global.avformat.avformat_free_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_new_stream;
import static org.bytedeco.ffmpeg.global.avformat.avformat_network_init;
import static org.bytedeco.ffmpeg.global.avformat.avformat_write_header;
import static org.bytedeco.ffmpeg.global.avformat.avio_closep;
import static org.bytedeco.ffmpeg.global.avformat.avio_open2;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;
import static org.bytedeco.ffmpeg.global.avutil.av_make_q;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;
import static org.bytedeco.ffmpeg.global.avutil.av_rescale_q;

import io.gbmesh.media.stream.H264Sps;
import io.gbmesh.media.stream.H265Sps;
import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.javacpp.BytePointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes one stream's H.264 or H.265 frames to an RTMP or RTSP URL with FFmpeg (JavaCPP's FFmpeg 7.1,
 * as javacv uses it), without transcoding: the Annex-B access units go out as they came, the muxer
 * builds the container (FLV over RTMP, Enhanced RTMP's {@code hvc1} for H.265; RTP over RTSP). Writing blocks on the network, so it runs on a
 * thread of its own fed by a bounded queue; when the receiver is too slow frames are dropped and
 * counted, the live source is never slowed. The output opens at the first key frame with its
 * parameter sets.
 */
public final class StreamPusher implements StreamSink {
    private static final Logger LOG = LoggerFactory.getLogger(StreamPusher.class);
    private static final MediaFrame END = new MediaFrame(Codec.UNKNOWN, 0, -1, -1, false, new byte[0], null, null, null);

    private static final AVRational NINETY_KHZ = av_make_q(1, 90_000);

    private final String url;
    private final BlockingQueue<MediaFrame> queue = new ArrayBlockingQueue<>(512);
    private final AtomicLong pushed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final Thread thread;
    private volatile String error;
    private volatile boolean closed;
    /** The codec the receiver was set up for (on the push thread). */
    private Codec codec;

    public StreamPusher(String url, String name) {
        this.url = url;
        this.thread = new Thread(this::run, "push-" + name);
        this.thread.setDaemon(true);
        this.thread.start();
    }

    public String url() {
        return url;
    }

    /** Queues a frame (H.264 or H.265 video only); never blocks. */
    @Override
    public void frame(MediaFrame frame) {
        if (closed || (frame.codec() != Codec.H264 && frame.codec() != Codec.H265)) {
            return;
        }
        if (!queue.offer(frame)) {
            dropped.incrementAndGet();
        }
    }

    public long pushed() {
        return pushed.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Why pushing stopped, or null while it works. */
    public String error() {
        return error;
    }

    @Override
    public void close() {
        closed = true;
        queue.clear();
        queue.offer(END);
    }

    private void run() {
        AVFormatContext out = null;
        AVPacket packet = av_packet_alloc();
        long firstDts = Long.MIN_VALUE;
        try {
            avformat_network_init();
            while (true) {
                MediaFrame f = queue.poll(1, TimeUnit.SECONDS);
                if (f == END || (closed && f == null)) {
                    break;
                }
                if (f == null) {
                    continue;
                }
                if (out != null && f.codec() != codec) {
                    continue; // the stream changed codec: the receiver was set up for the first one
                }
                if (out == null) {
                    if (!f.keyFrame() || f.sps() == null || f.pps() == null
                            || (f.codec() == Codec.H265 && f.vps() == null)) {
                        continue; // a receiver can only start at a key frame
                    }
                    out = open(f);
                    codec = f.codec();
                    firstDts = f.dts() >= 0 ? f.dts() : f.pts();
                }
                long ts = (f.dts() >= 0 ? f.dts() : f.pts()) - firstDts;
                long pts = f.pts() >= 0 ? f.pts() - firstDts : ts;
                if (ts < 0) {
                    continue;
                }
                byte[] data = f.data();
                if (av_new_packet(packet, data.length) < 0) {
                    throw new IllegalStateException("out of memory for a packet");
                }
                packet.data().put(data, 0, data.length);
                packet.stream_index(0);
                // the muxer may have chosen another time base in its header (FLV: milliseconds)
                AVRational tb = out.streams(0).time_base();
                packet.dts(av_rescale_q(ts, NINETY_KHZ, tb));
                packet.pts(av_rescale_q(Math.max(pts, ts), NINETY_KHZ, tb));
                packet.flags(f.keyFrame() ? AV_PKT_FLAG_KEY : 0);
                int rc = av_interleaved_write_frame(out, packet);
                if (rc < 0) {
                    throw new IllegalStateException("writing to " + url + " failed (" + rc + ")");
                }
                pushed.incrementAndGet();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            error = e.getMessage();
            LOG.info("push to {} stopped: {}", url, e.getMessage());
        } finally {
            av_packet_free(packet);
            if (out != null) {
                av_write_trailer(out);
                if ((out.oformat().flags() & AVFMT_NOFILE) == 0) {
                    avio_closep(out.pb());
                }
                avformat_free_context(out);
            }
        }
    }

    private AVFormatContext open(MediaFrame key) {
        String format = url.startsWith("rtmp") ? "flv" : url.startsWith("rtsp") ? "rtsp" : null;
        AVFormatContext out = new AVFormatContext(null);
        if (avformat_alloc_output_context2(out, null, format, url) < 0 || out.isNull()) {
            throw new IllegalStateException("no muxer for " + url);
        }
        AVStream stream = avformat_new_stream(out, null);
        AVCodecParameters par = stream.codecpar();
        par.codec_type(AVMEDIA_TYPE_VIDEO);
        boolean hevc = key.codec() == Codec.H265;
        par.codec_id(hevc ? AV_CODEC_ID_HEVC : AV_CODEC_ID_H264);
        try {
            if (hevc) {
                H265Sps sps = H265Sps.parse(key.sps());
                par.width(sps.width());
                par.height(sps.height());
            } else {
                H264Sps sps = H264Sps.parse(key.sps());
                par.width(sps.width());
                par.height(sps.height());
            }
        } catch (H264Sps.MalformedSpsException e) {
            throw new IllegalStateException("the stream's SPS cannot be read: " + e.getMessage());
        }
        // extradata in Annex-B: the FLV and RTSP muxers turn it into what their container wants
        byte[] extra = hevc ? annexB(key.vps(), key.sps(), key.pps()) : annexB(key.sps(), key.pps());
        BytePointer ext = new BytePointer(av_malloc(extra.length + AV_INPUT_BUFFER_PADDING_SIZE));
        ext.position(0).put(extra, 0, extra.length);
        for (int i = 0; i < AV_INPUT_BUFFER_PADDING_SIZE; i++) {
            ext.put(extra.length + i, (byte) 0);
        }
        par.extradata(ext);
        par.extradata_size(extra.length);
        stream.time_base(av_make_q(1, 90_000));
        if ((out.oformat().flags() & AVFMT_NOFILE) == 0) {
            AVIOContext pb = new AVIOContext(null);
            if (avio_open2(pb, url, AVIO_FLAG_WRITE, null, (AVDictionary) null) < 0) {
                avformat_free_context(out);
                throw new IllegalStateException("cannot connect to " + url);
            }
            out.pb(pb);
        }
        if (avformat_write_header(out, (AVDictionary) null) < 0) {
            throw new IllegalStateException("the receiver at " + url + " refused the stream header");
        }
        LOG.info("pushing to {} ({}x{})", url, par.width(), par.height());
        return out;
    }

    /** The parameter sets, each behind a four-byte start code. */
    private static byte[] annexB(byte[]... parameterSets) {
        int length = 0;
        for (byte[] p : parameterSets) {
            length += 4 + p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parameterSets) {
            out[at + 3] = 1;
            System.arraycopy(p, 0, out, at + 4, p.length);
            at += 4 + p.length;
        }
        return out;
    }
}
