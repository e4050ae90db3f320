package io.gbmesh.media.stream;

import io.gbmesh.contracts.StreamStats;
import io.gbmesh.protocol.media.AnnexB;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.ps.PsDemuxer;
import io.gbmesh.protocol.rtp.RtpFrameAssembler;
import io.gbmesh.protocol.rtp.RtpPacket;
import io.gbmesh.protocol.rtp.RtpParseException;
import io.gbmesh.protocol.rtp.RtpReorderBuffer;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The receiving pipeline of one stream, without sockets (as ZLMediaKit's RtpProcess): RTP packets
 * in, {@link MediaFrame}s out to a {@link StreamSink} (a stream's {@link StreamSinks}). Packets pass the SSRC rules ({@link SsrcLock}), are put back
 * in order ({@link RtpReorderBuffer}), joined into frames ({@link RtpFrameAssembler}) and demuxed:
 * as a program stream (GB/T 28181-2016 annex C) when the first frame starts with a PS start code,
 * else as an H.264/H.265 Annex-B elementary stream with one access unit per RTP frame. A damaged
 * frame is skipped and the demuxer told of the gap. The process keeps the stream's counters, its
 * codec and its picture size, read from the H.264 or H.265 SPS of the key frames.
 *
 * <p>The socket side calls {@link #rtp} for each packet with a fresh array (the reorder buffer holds
 * on to it) and {@link #tick} from a timer. Not thread-safe: one instance per stream, one thread.
 */
public final class StreamProcess {

    /** After this much silence the packets held for reordering are released. */
    static final long REORDER_FLUSH_MILLIS = 200;
    private static final long BITRATE_WINDOW_MILLIS = 1000;

    private enum Payload { UNKNOWN, PS, ES }

    private final StreamSink sink;
    private final SsrcLock ssrcLock;
    private final RtpReorderBuffer reorder = new RtpReorderBuffer(RtpReorderBuffer.DEFAULT_WINDOW);
    private final RtpFrameAssembler assembler = new RtpFrameAssembler(this::assembled);
    private final PsDemuxer demuxer = new PsDemuxer(this::demuxed);
    private final Consumer<RtpPacket> toReorder = this::ordered;
    private final Consumer<RtpPacket> toAssembler = assembler::accept;
    private Payload payload = Payload.UNKNOWN;
    private Codec esCodec = Codec.UNKNOWN;

    private long packets;
    private long bytes;
    private long malformed;
    private long frames;
    private long keyFrames;
    private long lastPacketAt = -1;
    private long bitrateKbps;
    private long windowStart = -1;
    private long windowBytes;

    private Codec codec = Codec.UNKNOWN;
    private int width;
    private int height;
    private byte[] lastSps;

    /**
     * @param offeredSsrc the SSRC of the INVITE, or -1 when none was set (the first one is played)
     * @param lockMillis  how long to wait for the expected SSRC before playing another
     */
    public StreamProcess(long offeredSsrc, long lockMillis, StreamSink sink) {
        this.sink = sink;
        this.ssrcLock = new SsrcLock(offeredSsrc, lockMillis);
    }

    /** The SSRC string of {@code y=} (ten decimal digits) as an RTP SSRC, or -1 when it is not one. */
    public static long parseSsrc(String ssrc) {
        if (ssrc == null || ssrc.isBlank()) {
            return SsrcLock.UNKNOWN;
        }
        try {
            long v = Long.parseLong(ssrc.trim());
            return v >= 0 && v <= 0xFFFFFFFFL ? v : SsrcLock.UNKNOWN;
        } catch (NumberFormatException e) {
            return SsrcLock.UNKNOWN;
        }
    }

    /** The SSRC as written in SDP {@code y=}: ten decimal digits. */
    public static String formatSsrc(long ssrc) {
        return ssrc < 0 ? null : String.format("%010d", ssrc);
    }

    /** The device answered again (a re-INVITE): it may send from a new address now. */
    public void releaseSource() {
        ssrcLock.releaseSource();
    }

    /**
     * The device answered a new INVITE (a playback's next file, a re-INVITE): a new RTP session, whose
     * numbers start anywhere; the reorder buffer starts again rather than guess it from the numbers.
     */
    public void newDialog() {
        reorder.restart(toAssembler);
    }

    /** Datagrams dropped because they came from another sender than the locked one. */
    public long foreignSourceDropped() {
        return ssrcLock.foreignSourceDropped();
    }

    /** The sender the stream takes packets from, null before the lock and over TCP. */
    public InetSocketAddress lockedSource() {
        return ssrcLock.lockedSource();
    }

    public void answeredSsrc(long ssrc) {
        if (ssrc >= 0) {
            ssrcLock.answered(ssrc);
        }
    }

    /** One RTP packet as received; {@code packet} must not be reused by the caller. */
    public void rtp(byte[] packet, int off, int len, long now) {
        rtp(packet, off, len, now, null);
    }

    /**
     * One RTP packet as received from {@code source} (null over TCP). A packet of the played SSRC
     * from another sender than the one the stream locked onto is dropped first, before it counts as
     * a sign of life: a stranger's packets neither play nor keep a silent stream from being seen as
     * stalled. (A packet of another SSRC is dropped by the SSRC rules, whoever sends it.)
     */
    public void rtp(byte[] packet, int off, int len, long now, InetSocketAddress source) {
        RtpPacket p;
        try {
            p = RtpPacket.parse(packet, off, len);
        } catch (RtpParseException e) {
            p = null;
        }
        if (p != null && ssrcLock.isForeignSource(p.ssrc(), source)) {
            return;
        }
        packets++;
        bytes += len;
        windowBytes += len;
        lastPacketAt = now;
        if (p == null) {
            malformed++;
            return;
        }
        ssrcLock.offer(p, source, now, toReorder);
    }

    /** Timer: the SSRC lock's wait, the reorder buffer after silence, the bitrate window. */
    public void tick(long now) {
        ssrcLock.tick(now, toReorder);
        if (reorder.buffered() > 0 && lastPacketAt >= 0 && now - lastPacketAt >= REORDER_FLUSH_MILLIS) {
            reorder.flush(toAssembler);
        }
        if (windowStart < 0) {
            windowStart = now;
        } else if (now - windowStart >= BITRATE_WINDOW_MILLIS) {
            bitrateKbps = windowBytes * 8 / (now - windowStart);
            windowBytes = 0;
            windowStart = now;
        }
    }

    /** End of the stream: what is held is released and demuxed. */
    public void flush() {
        reorder.flush(toAssembler);
        assembler.flush();
        if (payload == Payload.PS) {
            demuxer.flush();
        }
    }

    private void ordered(RtpPacket packet) {
        reorder.offer(packet, toAssembler);
    }

    private void assembled(long timestamp, byte[] data, int off, int len, boolean damaged) {
        if (damaged) {
            if (payload == Payload.PS) {
                demuxer.discontinuity();
            }
            return;
        }
        if (payload == Payload.UNKNOWN) {
            payload = detect(data, off, len);
            if (payload == Payload.UNKNOWN) {
                return;
            }
        }
        if (payload == Payload.PS) {
            demuxer.feed(data, off, len);
            return;
        }
        if (esCodec == Codec.UNKNOWN) {
            esCodec = AnnexB.guessVideoCodec(data, off, len);
            if (esCodec == Codec.UNKNOWN) {
                return;
            }
        }
        byte[] au = Arrays.copyOfRange(data, off, off + len);
        demuxed(AnnexB.videoFrame(esCodec, 0xE0, timestamp, timestamp, au));
    }

    /** PS when the frame starts with a PS start code, ES when with an Annex-B start code. */
    private static Payload detect(byte[] a, int off, int len) {
        if (len < 5 || a[off] != 0 || a[off + 1] != 0) {
            return Payload.UNKNOWN;
        }
        int sc = a[off + 2] == 1 ? off : (a[off + 2] == 0 && a[off + 3] == 1 ? off + 1 : -1);
        if (sc < 0) {
            return Payload.UNKNOWN;
        }
        int id = a[sc + 3] & 0xFF;
        return id >= 0xB9 ? Payload.PS : Payload.ES;
    }

    private void demuxed(MediaFrame frame) {
        if (frame.isVideo()) {
            frames++;
            if (codec == Codec.UNKNOWN) {
                codec = frame.codec();
            }
            if (frame.keyFrame()) {
                keyFrames++;
                readPictureSize(frame);
            }
        }
        sink.frame(frame);
    }

    private void readPictureSize(MediaFrame frame) {
        byte[] sps = frame.sps();
        boolean h265 = frame.codec() == Codec.H265;
        if ((frame.codec() != Codec.H264 && !h265) || sps == null || Arrays.equals(sps, lastSps)) {
            return;
        }
        lastSps = sps;
        try {
            if (h265) {
                H265Sps parsed = H265Sps.parse(sps);
                width = parsed.width();
                height = parsed.height();
            } else {
                H264Sps parsed = H264Sps.parse(sps);
                width = parsed.width();
                height = parsed.height();
            }
        } catch (H264Sps.MalformedSpsException e) {
            // The picture size stays unknown; the video is still passed on.
        }
    }

    public StreamStats stats(int viewers) {
        long locked = ssrcLock.locked();
        return new StreamStats(packets, bytes, reorder.lost(), reorder.late(), reorder.reordered(),
                ssrcLock.dropped(), ssrcLock.mismatch(), formatSsrc(locked), frames, keyFrames, bitrateKbps, viewers);
    }

    public Codec codec() {
        return codec;
    }

    /** Width in pixels from the SPS, 0 while unknown. */
    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public long packets() {
        return packets;
    }

    public long frames() {
        return frames;
    }

    /** Packets that were not RTP. */
    public long malformed() {
        return malformed;
    }

    /** When the last packet arrived (the caller's clock), -1 before the first. */
    public long lastPacketAt() {
        return lastPacketAt;
    }

    /** The SSRC played, -1 before the lock. */
    public long ssrc() {
        return ssrcLock.locked();
    }
}
