package io.gbmesh.media.testing;

import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.ps.PsDemuxer;
import io.gbmesh.protocol.ps.PsPack;
import io.gbmesh.protocol.ps.PsPackReader;
import io.gbmesh.protocol.rtp.RtpPacketizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The real camera capture ({@code vectors/camera-704x576-h264.ps}: 53.9 s of 704x576 H.264 in PS,
 * 1347 frames) as a device would send it: one RTP frame per PS pack, timestamped with the pack's
 * clock, the marker on the last packet of each pack.
 */
public final class Capture {

    public static final String PS = "camera-704x576-h264.ps";
    public static final int WIDTH = 704;
    public static final int HEIGHT = 576;

    /** One RTP packet and the 90 kHz clock of the pack it carries, relative to the first pack. */
    public record Packet(byte[] bytes, long clock) {
    }

    private static byte[] ps;
    private static List<PsPack> packs;

    private Capture() {
    }

    public static synchronized byte[] ps() {
        if (ps == null) {
            try (InputStream in = Capture.class.getResourceAsStream("/vectors/" + PS)) {
                if (in == null) {
                    throw new IllegalStateException("missing test vector " + PS);
                }
                ps = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ps;
    }

    public static synchronized List<PsPack> packs() {
        if (packs == null) {
            packs = PsPackReader.readAll(ps());
        }
        return packs;
    }

    /** The RTP packets of the first {@code seconds} of the capture. */
    public static List<Packet> rtp(long ssrc, double seconds) {
        return rtp(ssrc, seconds, 1000);
    }

    public static List<Packet> rtp(long ssrc, double seconds, int firstSequenceNumber) {
        byte[] source = ps();
        RtpPacketizer packetizer = new RtpPacketizer(ssrc, 96, 1400, firstSequenceNumber);
        List<Packet> out = new ArrayList<>();
        long first = -1;
        long clock = 0;
        for (PsPack pack : packs()) {
            if (pack.clock() >= 0) {
                if (first < 0) {
                    first = pack.clock();
                }
                clock = pack.clock() - first;
            }
            if (clock > seconds * 90000) {
                break;
            }
            long c = clock;
            packetizer.packetize(source, pack.offset(), pack.length(), pack.clock() < 0 ? c : pack.clock(),
                    packet -> out.add(new Packet(packet, c)));
        }
        return out;
    }

    /** The frames of the first {@code seconds}, demuxed straight from the file. */
    public static List<MediaFrame> frames(double seconds) {
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        demuxer.feed(ps());
        demuxer.flush();
        long first = frames.get(0).pts();
        frames.removeIf(f -> f.pts() - first > seconds * 90000);
        return frames;
    }
}
