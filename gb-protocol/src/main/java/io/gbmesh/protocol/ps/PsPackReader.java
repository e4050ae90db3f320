package io.gbmesh.protocol.ps;

import io.gbmesh.protocol.media.AnnexB;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Cuts a program stream held in memory into consecutive packs (ISO/IEC 13818-1 §2.5.3.3), for a
 * device simulator that replays a PS file in real time: each {@link PsPack} runs from one pack
 * header to the next and carries the clock to pace it by. The packs cover the input exactly, so
 * they concatenate back to it; bytes before the first pack header form a chunk of their own.
 *
 * <p>The units inside a pack are walked by their lengths (a PES of length 0 runs to the next start
 * code), so a {@code 00 00 01 BA} inside private data is not mistaken for a pack; where the structure
 * is broken the reader falls back to searching for the next pack start code.
 */
public final class PsPackReader {

    private final byte[] ps;
    private int position;

    public PsPackReader(byte[] ps) {
        this.ps = ps;
    }

    /** All packs of {@code ps}, in order. */
    public static List<PsPack> readAll(byte[] ps) {
        PsPackReader reader = new PsPackReader(ps);
        List<PsPack> packs = new ArrayList<>();
        while (reader.hasNext()) {
            packs.add(reader.next());
        }
        return packs;
    }

    public boolean hasNext() {
        return position < ps.length;
    }

    public PsPack next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int start = position;
        int end = ps.length;
        long scr = -1;
        int p = start;
        if (isPackStart(p)) {
            int length = PsHeaders.packHeaderLength(ps, p, end - p);
            if (length > 0 && p + length <= end) {
                scr = PsHeaders.scr(ps, p);
                p += length;
            } else {
                p = nextPackStart(p + 1);
            }
        }
        long videoPts = -1;
        while (p < end) {
            if (end - p < 6 || !PsHeaders.isStartCodePrefix(ps, p)) {
                p = nextPackStart(p + 1);
                break;
            }
            int id = ps[p + 3] & 0xFF;
            if (id == PsHeaders.PACK_START) {
                break;
            }
            if (id == PsHeaders.PROGRAM_END) {
                p += 4;
                continue;
            }
            if (id < PsHeaders.PROGRAM_END) {
                p = nextPackStart(p + 1);
                break;
            }
            int length = PsHeaders.u16(ps, p + 4);
            if (PsHeaders.isVideo(id) && videoPts < 0 && end - p >= 14
                    && (ps[p + 6] & 0xC0) == 0x80 && (ps[p + 7] & 0x80) != 0) {
                videoPts = PsHeaders.timestamp(ps, p + 9);
            }
            if (length == 0 && (PsHeaders.isVideo(id) || PsHeaders.isAudio(id))) {
                p = nextStartCode(p + 4);
            } else {
                p = Math.min(end, p + 6 + length);
            }
        }
        position = p;
        return new PsPack(ps, start, p - start, scr, videoPts);
    }

    private boolean isPackStart(int p) {
        return ps.length - p >= 4 && PsHeaders.isStartCodePrefix(ps, p) && (ps[p + 3] & 0xFF) == PsHeaders.PACK_START;
    }

    /** The next pack start code at or after {@code from}, or the end of the input. */
    private int nextPackStart(int from) {
        int q = from;
        while (true) {
            int sc = AnnexB.findStartCode(ps, q, ps.length);
            if (sc < 0 || sc + 3 >= ps.length) {
                return ps.length;
            }
            if ((ps[sc + 3] & 0xFF) == PsHeaders.PACK_START) {
                return sc;
            }
            q = sc + 1;
        }
    }

    /** The next PS start code (stream id 0xB9 and above) at or after {@code from}, or the end. */
    private int nextStartCode(int from) {
        int q = from;
        while (true) {
            int sc = AnnexB.findStartCode(ps, q, ps.length);
            if (sc < 0 || sc + 3 >= ps.length) {
                return ps.length;
            }
            if ((ps[sc + 3] & 0xFF) >= PsHeaders.PROGRAM_END) {
                return sc;
            }
            q = sc + 3;
        }
    }
}
