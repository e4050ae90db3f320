package io.gbmesh.protocol.ps;

import java.util.Arrays;

/**
 * One pack of a program stream file, from its pack header up to the next one, as a view over the
 * file's bytes: what a device simulator sends as one RTP frame.
 *
 * @param source   the whole file
 * @param offset   where the pack starts in {@code source}
 * @param length   its length in bytes
 * @param scr      the SCR base of the pack header (90 kHz), or -1 when the chunk has none
 * @param videoPts the PTS of the first video PES in the pack (90 kHz), or -1
 */
public record PsPack(byte[] source, int offset, int length, long scr, long videoPts) {

    /** The pack's clock for pacing and RTP timestamps: its SCR, else its video PTS, else -1. */
    public long clock() {
        return scr >= 0 ? scr : videoPts;
    }

    /** A copy of the pack's bytes. */
    public byte[] bytes() {
        return Arrays.copyOfRange(source, offset, offset + length);
    }

    @Override
    public String toString() {
        return "PsPack[offset=" + offset + " length=" + length + " scr=" + scr + " videoPts=" + videoPts + "]";
    }
}
