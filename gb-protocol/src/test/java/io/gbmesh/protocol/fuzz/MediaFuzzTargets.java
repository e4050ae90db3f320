package io.gbmesh.protocol.fuzz;

import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.ps.PsDemuxer;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.gbmesh.protocol.rtp.Rfc4571FramingException;
import io.gbmesh.protocol.rtp.RtpFrameAssembler;
import io.gbmesh.protocol.rtp.RtpPacket;
import io.gbmesh.protocol.rtp.RtpParseException;
import io.gbmesh.protocol.rtp.RtpReorderBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The media plane: an RTP over TCP stream (RFC 4571 framing, RTP parsing, reordering, frame
 * assembly, PS demux), and the PS demuxer alone. Bad media never raises past the framing: the
 * only rejection is an RFC 4571 length the framer cannot follow, which closes the connection.
 */
public final class MediaFuzzTargets {

    private MediaFuzzTargets() {
    }

    public static FuzzTarget rtp() {
        return FuzzTarget.of("rtp", FuzzCorpus.rtpStreams(), FuzzTarget.TCP_READ_MAX, (input, random) -> {
            Framed whole = frame(input, new int[] {input.length});
            if (random != null) {
                Framed split = frame(input, Splits.random(input.length, random));
                if (!whole.sameAs(split)) {
                    throw new SplitMismatch("Rfc4571Framer: " + whole + " whole, " + split + " split");
                }
            }
            PsDemuxer demuxer = new PsDemuxer(frame -> frame.size());
            RtpFrameAssembler assembler = new RtpFrameAssembler((timestamp, data, off, len, damaged) -> {
                if (damaged) {
                    demuxer.discontinuity();
                } else {
                    demuxer.feed(data, off, len);
                }
            });
            RtpReorderBuffer reorder = new RtpReorderBuffer();
            boolean first = true;
            for (byte[] packet : whole.packets) {
                RtpPacket rtp;
                try {
                    rtp = RtpPacket.parse(packet);
                } catch (RtpParseException malformed) {
                    continue;
                }
                read(rtp);
                if (first) {
                    // a receiver logs a stream's first packet, it does not format every one
                    rtp.toString();
                    first = false;
                }
                reorder.offer(rtp, assembler::accept);
            }
            reorder.flush(assembler::accept);
            assembler.flush();
            demuxer.flush();
            demuxer.stats();
            if (whole.failure != null) {
                throw whole.failure;
            }
        }, thrown -> thrown instanceof Rfc4571FramingException);
    }

    public static FuzzTarget ps() {
        return FuzzTarget.of("ps", FuzzCorpus.psWindows(), FuzzTarget.TCP_READ_MAX, (input, random) -> {
            List<MediaFrame> whole = demux(input, new int[] {input.length});
            if (random == null) {
                return;
            }
            List<MediaFrame> split = demux(input, Splits.random(input.length, random));
            if (whole.size() != split.size()) {
                throw new SplitMismatch("PsDemuxer: " + whole.size() + " frames whole, " + split.size() + " split");
            }
            for (int i = 0; i < whole.size(); i++) {
                if (!sameFrame(whole.get(i), split.get(i))) {
                    throw new SplitMismatch("PsDemuxer: frame " + i + " differs: " + whole.get(i) + " whole, " + split.get(i) + " split");
                }
            }
        }, thrown -> false);
    }

    /** Every frame the demuxer gives for the input fed in chunks ending at {@code cuts}, then flushed. */
    public static List<MediaFrame> demux(byte[] input, int[] cuts) {
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        int from = 0;
        for (int cut : cuts) {
            demuxer.feed(input, from, cut - from);
            from = cut;
        }
        demuxer.flush();
        demuxer.stats();
        return frames;
    }

    static boolean sameFrame(MediaFrame a, MediaFrame b) {
        return a.codec() == b.codec() && a.streamId() == b.streamId() && a.pts() == b.pts() && a.dts() == b.dts()
                && a.keyFrame() == b.keyFrame() && Arrays.equals(a.data(), b.data()) && Arrays.equals(a.sps(), b.sps())
                && Arrays.equals(a.pps(), b.pps()) && Arrays.equals(a.vps(), b.vps());
    }

    /** The accessors a receiver reads on a parsed packet. */
    private static void read(RtpPacket rtp) {
        rtp.payloadBytes();
        rtp.payload();
        for (int i = 0; i < rtp.csrcCount(); i++) {
            rtp.csrc(i);
        }
        if (rtp.hasExtension()) {
            rtp.extensionProfile();
        }
    }

    private record Framed(List<byte[]> packets, Rfc4571FramingException failure) {
        boolean sameAs(Framed other) {
            if (packets.size() != other.packets.size() || (failure == null) != (other.failure == null)) {
                return false;
            }
            for (int i = 0; i < packets.size(); i++) {
                if (!Arrays.equals(packets.get(i), other.packets.get(i))) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String toString() {
            return packets.size() + " packets" + (failure == null ? "" : " then " + failure.getMessage());
        }
    }

    private static Framed frame(byte[] input, int[] cuts) {
        Rfc4571Framer framer = new Rfc4571Framer();
        List<byte[]> out = new ArrayList<>();
        int from = 0;
        try {
            for (int cut : cuts) {
                framer.feed(input, from, cut - from, out::add);
                from = cut;
            }
            return new Framed(out, null);
        } catch (Rfc4571FramingException e) {
            return new Framed(out, e);
        }
    }
}
