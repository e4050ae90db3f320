package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.AnnexB;
import io.gbmesh.protocol.media.MediaFrame;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Demultiplexes an MPEG-2 program stream (ISO/IEC 13818-1 §2.5, as GB/T 28181-2016 annex C carries
 * it over RTP) into {@link MediaFrame}s.
 *
 * <p>Fed byte chunks of any size and alignment: a pack may span feeds and a feed may hold several
 * packs. Pack headers (MPEG-2, and MPEG-1 tolerated), system headers, the program stream map, PES
 * packets of video (0xE0–0xEF) and audio (0xC0–0xDF) streams are read; private streams 1 and 2 and
 * padding (where Hikvision puts its vendor data) are skipped. A video PES of length 0 runs to the
 * next PS start code, which cannot occur inside H.264/H.265 data (a NAL header byte is below 0x80).
 * Access units cut into several PES packets are joined as {@link AccessUnitAssembler} describes.
 * Without a program stream map the video codec is guessed from the NAL unit types.
 *
 * <p>Bad media never raises: bytes that are not where a start code should be make the demuxer
 * search for the next start code (counted as a resync and skipped bytes); a frame over the size
 * limit is dropped and counted. Payload is copied once, into the frame; headers split across feeds
 * are carried over in a small buffer bounded by the largest header (a 64 KiB program stream map).
 *
 * <p>Not thread-safe: one instance per stream, fed from one thread.
 */
public final class PsDemuxer {

    public static final int DEFAULT_MAX_FRAME_BYTES = 8 * 1024 * 1024;

    private static final int MODE_UNIT = 0;
    private static final int MODE_SKIP = 1;
    private static final int MODE_PES = 2;
    private static final int MODE_PES_UNBOUNDED = 3;
    /** How much of a chunk is copied to the carry buffer at a time while a header is incomplete. */
    private static final int CARRY_STEP = 4096;

    private final AccessUnitAssembler units;
    private final FrameBuffer carry = new FrameBuffer(CARRY_STEP * 2);
    private int mode = MODE_UNIT;
    private int remaining;
    private boolean resyncing;

    private long packs;
    private long resyncs;
    private long skippedBytes;
    private long lastScr = -1;

    public PsDemuxer(Consumer<MediaFrame> sink) {
        this(sink, DEFAULT_MAX_FRAME_BYTES);
    }

    public PsDemuxer(Consumer<MediaFrame> sink, int maxFrameBytes) {
        if (maxFrameBytes < 1) {
            throw new IllegalArgumentException("max frame bytes " + maxFrameBytes);
        }
        this.units = new AccessUnitAssembler(sink, maxFrameBytes);
    }

    public void feed(byte[] chunk) {
        feed(chunk, 0, chunk.length);
    }

    /** Feeds the next bytes of the stream; frames completed by them go to the sink before it returns. */
    public void feed(byte[] chunk, int off, int len) {
        int p = off;
        int end = off + len;
        while (p < end) {
            if (carry.size() == 0) {
                int consumed = parse(chunk, p, end);
                carry.append(chunk, consumed, end - consumed);
                return;
            }
            int n = Math.min(end - p, CARRY_STEP);
            carry.append(chunk, p, n);
            p += n;
            int consumed = parse(carry.array(), 0, carry.size());
            int left = carry.size() - consumed;
            if (left <= n) {
                // What is left came from the chunk: parse it from there, without copying.
                carry.clear();
                p -= left;
            } else {
                carry.discardBefore(consumed);
            }
        }
    }

    /** Feeds the buffer's remaining bytes and consumes them. */
    public void feed(ByteBuffer buffer) {
        if (buffer.hasArray()) {
            feed(buffer.array(), buffer.arrayOffset() + buffer.position(), buffer.remaining());
            buffer.position(buffer.limit());
            return;
        }
        byte[] scratch = new byte[Math.min(buffer.remaining(), 64 * 1024)];
        while (buffer.hasRemaining()) {
            int n = Math.min(scratch.length, buffer.remaining());
            buffer.get(scratch, 0, n);
            feed(scratch, 0, n);
        }
    }

    /**
     * Tells the demuxer that bytes were lost between what was fed and what comes next (e.g. an RTP
     * frame dropped as damaged). A PES cut short drops its frame; a PES of length 0 ends here; the
     * frame in progress is closed (it will be emitted, nothing more is added to it) and video PES
     * packets without PTS are dropped until the next pack header or PTS.
     */
    public void discontinuity() {
        endCurrentUnit();
        units.lostSync();
    }

    /** End of stream: finishes what can be finished and emits the pending frames. */
    public void flush() {
        endCurrentUnit();
        units.flush();
    }

    private void endCurrentUnit() {
        if (mode == MODE_PES_UNBOUNDED) {
            units.payload(carry.array(), 0, carry.size());
            units.endPes();
        } else if (mode == MODE_PES) {
            units.abortPes();
        } else if (carry.size() > 0) {
            skippedBytes += carry.size();
        }
        carry.clear();
        mode = MODE_UNIT;
        remaining = 0;
    }

    public PsDemuxStats stats() {
        return new PsDemuxStats(packs, units.framesByCodec(), units.bytesOut(), resyncs, skippedBytes,
                units.droppedFrames(), units.droppedBytes(), units.oversizeFrames());
    }

    /** The SCR base (90 kHz) of the last pack header, or -1. */
    public long lastScr() {
        return lastScr;
    }

    /** Parses {@code a[p, end)} as far as it can and returns where it stopped. */
    private int parse(byte[] a, int p, int end) {
        while (true) {
            switch (mode) {
                case MODE_SKIP, MODE_PES -> {
                    int n = Math.min(remaining, end - p);
                    if (mode == MODE_PES) {
                        units.payload(a, p, n);
                    }
                    p += n;
                    remaining -= n;
                    if (remaining > 0) {
                        return p;
                    }
                    if (mode == MODE_PES) {
                        units.endPes();
                    }
                    mode = MODE_UNIT;
                }
                case MODE_PES_UNBOUNDED -> {
                    int next = nextPsStartCode(a, p, end);
                    if (next < 0) {
                        int keep = startCodePrefixAtEnd(a, p, end);
                        units.payload(a, p, end - keep - p);
                        return end - keep;
                    }
                    units.payload(a, p, next - p);
                    units.endPes();
                    p = next;
                    mode = MODE_UNIT;
                }
                default -> {
                    int q = parseUnit(a, p, end);
                    if (q == p) {
                        return p;
                    }
                    p = q;
                }
            }
        }
    }

    /**
     * Reads the unit (pack header, system header, map, PES header...) starting at {@code a[p]};
     * returns where the next one starts, or {@code p} if more bytes are needed.
     */
    private int parseUnit(byte[] a, int p, int end) {
        int avail = end - p;
        if (avail < 4) {
            return p;
        }
        int id = a[p + 3] & 0xFF;
        if (!PsHeaders.isStartCodePrefix(a, p) || id < PsHeaders.PROGRAM_END
                || resyncing && !PsHeaders.isSyncPoint(id)) {
            // While resyncing only a sync point ends the search: resync() may stop at a start code
            // whose stream id is not fed yet, and the verdict on it must not depend on that cut.
            return resync(a, p, end);
        }
        if (id == PsHeaders.PACK_START) {
            int length = PsHeaders.packHeaderLength(a, p, avail);
            if (length == PsHeaders.INVALID) {
                return resync(a, p, end);
            }
            if (length == PsHeaders.NEED_MORE || avail < length) {
                return p;
            }
            packs++;
            lastScr = PsHeaders.scr(a, p);
            units.packHeader();
            resyncing = false;
            return p + length;
        }
        if (id == PsHeaders.PROGRAM_END) {
            return p + 4;
        }
        if (avail < 6) {
            return p;
        }
        int length = PsHeaders.u16(a, p + 4);
        if (id == PsHeaders.PROGRAM_STREAM_MAP) {
            if (avail < 6 + length) {
                return p;
            }
            if (!ProgramStreamMap.read(a, p, length, units.codecs)) {
                units.countDroppedBytes(6 + length);
            }
            resyncing = false;
            return p + 6 + length;
        }
        if (!PsHeaders.isVideo(id) && !PsHeaders.isAudio(id)) {
            // System header, private streams, padding and the rarely seen 0xF0–0xFF streams.
            mode = MODE_SKIP;
            remaining = length;
            resyncing = false;
            return p + 6;
        }
        return parsePesHeader(a, p, end, id, length);
    }

    private int parsePesHeader(byte[] a, int p, int end, int id, int length) {
        int avail = end - p;
        if (avail < 9) {
            return p;
        }
        if ((a[p + 6] & 0xC0) != 0x80) {
            // Not the MPEG-2 PES syntax ('10' first): GB/T 28181 devices send no MPEG-1 PES, so
            // this is a start code found in garbage, whose length must not be trusted.
            return resync(a, p, end);
        }
        int headerDataLength = a[p + 8] & 0xFF;
        if (length != 0 && length < 3 + headerDataLength) {
            return resync(a, p, end);
        }
        if (avail < 9 + headerDataLength) {
            return p;
        }
        int ptsDtsFlags = (a[p + 7] & 0xC0) >> 6;
        long pts = -1;
        long dts = -1;
        if (ptsDtsFlags >= 2 && headerDataLength >= 5) {
            pts = PsHeaders.timestamp(a, p + 9);
            dts = pts;
            if (ptsDtsFlags == 3 && headerDataLength >= 10) {
                dts = PsHeaders.timestamp(a, p + 14);
            }
        }
        resyncing = false;
        units.startPes(id, pts, dts);
        if (length == 0) {
            mode = MODE_PES_UNBOUNDED;
        } else {
            mode = MODE_PES;
            remaining = length - 3 - headerDataLength;
        }
        return p + 9 + headerDataLength;
    }

    /**
     * The bytes at {@code a[p]} are not a unit: skips to the next start code worth syncing on, or to
     * the last bytes of the input that might begin one.
     */
    private int resync(byte[] a, int p, int end) {
        if (!resyncing) {
            resyncing = true;
            resyncs++;
            units.lostSync();
        }
        int q = p + 1;
        while (true) {
            int sc = AnnexB.findStartCode(a, q, end);
            if (sc < 0 || sc + 3 >= end) {
                int stop = sc >= 0 ? sc : Math.max(q, end - 3);
                skippedBytes += stop - p;
                return stop;
            }
            if (PsHeaders.isSyncPoint(a[sc + 3] & 0xFF)) {
                skippedBytes += sc - p;
                return sc;
            }
            q = sc + 1;
        }
    }

    /** The next 00 00 01 xx with xx a PS stream id (0xB9 and above) in {@code a[p, end)}, or -1. */
    private static int nextPsStartCode(byte[] a, int p, int end) {
        int q = p;
        while (true) {
            int sc = AnnexB.findStartCode(a, q, end);
            if (sc < 0 || sc + 3 >= end) {
                return -1;
            }
            if ((a[sc + 3] & 0xFF) >= PsHeaders.PROGRAM_END) {
                return sc;
            }
            q = sc + 3;
        }
    }

    /** How many of the last bytes of {@code a[p, end)} could be the beginning of a start code (0–3). */
    private static int startCodePrefixAtEnd(byte[] a, int p, int end) {
        int n = end - p;
        if (n >= 3 && a[end - 3] == 0 && a[end - 2] == 0 && a[end - 1] == 1) {
            return 3;
        }
        if (n >= 2 && a[end - 2] == 0 && a[end - 1] == 0) {
            return 2;
        }
        if (n >= 1 && a[end - 1] == 0) {
            return 1;
        }
        return 0;
    }
}
