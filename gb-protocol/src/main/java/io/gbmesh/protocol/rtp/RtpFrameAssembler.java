package io.gbmesh.protocol.rtp;

import java.util.Arrays;

/**
 * Joins the payloads of in-order RTP packets into one chunk per frame: the packets of a frame share
 * a timestamp and the last one carries the marker bit (GB/T 28181-2016 annex C, PS over RTP). A frame
 * ends on the marker bit or, if the sender forgot it, when the timestamp changes.
 *
 * <p>Fed by an {@link RtpReorderBuffer}, it sees a sequence number gap where packets were given up
 * and flags every frame that may have lost bytes as damaged: the frame the gap is in, or on a frame
 * boundary both the unfinished frame before and the frame after (which may have lost its start). A
 * demuxer drops a damaged chunk and resynchronises on the next one.
 *
 * <p>The frame buffer is reused: the sink sees it only for the duration of the call.
 *
 * <p>Not thread-safe: one instance per stream, used from one thread.
 */
public final class RtpFrameAssembler {

    /** Receives each assembled frame; {@code data} is only valid during the call. */
    @FunctionalInterface
    public interface FrameSink {
        void frame(long timestamp, byte[] data, int offset, int length, boolean damaged);
    }

    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private final FrameSink sink;
    private final int maxFrameBytes;
    private byte[] buffer = new byte[64 * 1024];
    private int filled;
    private boolean open;
    private boolean damaged;
    /** The frame outgrew the limit: its bytes are dropped and it is emitted empty and damaged. */
    private boolean oversize;
    private long frameTimestamp;
    private boolean started;
    private int expectedSequence;

    private long frames;
    private long damagedFrames;
    private long oversizeFrames;

    public RtpFrameAssembler(FrameSink sink) {
        this(sink, DEFAULT_MAX_FRAME_BYTES);
    }

    public RtpFrameAssembler(FrameSink sink, int maxFrameBytes) {
        this.sink = sink;
        this.maxFrameBytes = maxFrameBytes;
    }

    /** Takes the next packet in sequence order (packets given up on are simply absent). */
    public void accept(RtpPacket packet) {
        int seq = packet.sequenceNumber();
        boolean gap = started && seq != expectedSequence;
        started = true;
        expectedSequence = (seq + 1) & 0xFFFF;
        long ts = packet.timestamp();
        if (open && ts != frameTimestamp) {
            emit(damaged || gap);
        }
        if (!open) {
            open = true;
            frameTimestamp = ts;
            damaged = gap;
            oversize = false;
            filled = 0;
        } else {
            damaged |= gap;
        }
        append(packet.array(), packet.payloadOffset(), packet.payloadLength());
        if (packet.marker()) {
            emit(damaged);
        }
    }

    /** Emits the frame in progress, if any, e.g. at the end of a stream. */
    public void flush() {
        if (open) {
            emit(damaged);
        }
    }

    private void append(byte[] src, int off, int len) {
        if (oversize) {
            return;
        }
        if (filled + len > maxFrameBytes) {
            oversizeFrames++;
            oversize = true;
            damaged = true;
            filled = 0;
            return;
        }
        if (filled + len > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.min(maxFrameBytes, Math.max(filled + len, buffer.length * 2)));
        }
        System.arraycopy(src, off, buffer, filled, len);
        filled += len;
    }

    private void emit(boolean isDamaged) {
        open = false;
        frames++;
        if (isDamaged) {
            damagedFrames++;
        }
        int length = filled;
        filled = 0;
        sink.frame(frameTimestamp, buffer, 0, length, isDamaged);
    }

    public long frames() {
        return frames;
    }

    public long damagedFrames() {
        return damagedFrames;
    }

    public long oversizeFrames() {
        return oversizeFrames;
    }
}
