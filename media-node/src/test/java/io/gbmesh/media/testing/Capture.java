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
 * A PS capture as a device would send it: one RTP frame per PS pack, timestamped with the pack's
 * clock, the marker on the last packet of each pack. The static methods are the real camera capture
 * ({@code vectors/camera-704x576-h264.ps}: 53.9 s of 704x576 H.264 in PS, 1347 frames); {@link #H265}
 * is 4 s of 320x240 H.265 (100 frames, a key frame a second) with G.711 A-law (8 kHz, 40 ms a PES),
 * and {@link #H264_AAC} 4 s of 320x240 H.264 with AAC (16 kHz, 62 frames), that Debian's ffmpeg encoded
 * (libx265, libx264, pcm_alaw, aac) and {@code vectors/make-gb-ps.py} wrote as a camera's PS (a PES per
 * frame, a program stream map announcing the codecs); the commands are in the script.
 */
public final class Capture {

    public static final String PS = "camera-704x576-h264.ps";
    public static final int WIDTH = 704;
    public static final int HEIGHT = 576;
    public static final Capture H264 = new Capture(PS);
    public static final Capture H265 = new Capture("camera-320x240-h265-g711a.ps");
    public static final Capture H264_AAC = new Capture("camera-320x240-h264-aac.ps");
    /**
     * {@link #H264_AAC} and {@link #H265} with every program stream map's video entry holding a
     * descriptor that runs past its es_info (tag 0x2A of 12 bytes, then {@code 90 C0 00 00}, read as
     * tag 0x90 of length 192), as some 1080p cameras write it; made by {@code vectors/make-long-descriptor-psm.py}.
     */
    public static final Capture H264_LONG_DESCRIPTOR = new Capture("camera-320x240-h264-long-descriptor.ps");
    public static final Capture H265_LONG_DESCRIPTOR = new Capture("camera-320x240-h265-long-descriptor.ps");

    /** One RTP packet and the 90 kHz clock of the pack it carries, relative to the first pack. */
    public record Packet(byte[] bytes, long clock) {
    }

    private final String name;
    private byte[] ps;
    private List<PsPack> packs;

    /** A capture read from a file of its own (a benchmark's longer one), not from the test vectors. */
    public static Capture of(java.nio.file.Path file) throws IOException {
        Capture c = new Capture(file.getFileName().toString());
        c.ps = java.nio.file.Files.readAllBytes(file);
        return c;
    }

    /** The file's name under {@code vectors/}. */
    public String name() {
        return name;
    }

    private Capture(String name) {
        this.name = name;
    }

    public static byte[] ps() {
        return H264.bytes();
    }

    public static List<PsPack> packs() {
        return H264.psPacks();
    }

    /** The RTP packets of the first {@code seconds} of the capture. */
    public static List<Packet> rtp(long ssrc, double seconds) {
        return H264.packets(ssrc, seconds, 1000);
    }

    public static List<Packet> rtp(long ssrc, double seconds, int firstSequenceNumber) {
        return H264.packets(ssrc, seconds, firstSequenceNumber);
    }

    /** The frames of the first {@code seconds}, demuxed straight from the file. */
    public static List<MediaFrame> frames(double seconds) {
        return H264.demuxed(seconds);
    }

    public synchronized byte[] bytes() {
        if (ps == null) {
            try (InputStream in = Capture.class.getResourceAsStream("/vectors/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("missing test vector " + name);
                }
                ps = in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return ps;
    }

    public synchronized List<PsPack> psPacks() {
        if (packs == null) {
            packs = PsPackReader.readAll(bytes());
        }
        return packs;
    }

    /** The RTP packets of the first {@code seconds} of this capture. */
    public List<Packet> packets(long ssrc, double seconds, int firstSequenceNumber) {
        byte[] source = bytes();
        RtpPacketizer packetizer = new RtpPacketizer(ssrc, 96, 1400, firstSequenceNumber);
        List<Packet> out = new ArrayList<>();
        long first = -1;
        long clock = 0;
        for (PsPack pack : psPacks()) {
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

    /** The frames of the first {@code seconds} of this capture, demuxed straight from the file. */
    public List<MediaFrame> demuxed(double seconds) {
        List<MediaFrame> frames = new ArrayList<>();
        PsDemuxer demuxer = new PsDemuxer(frames::add);
        demuxer.feed(bytes());
        demuxer.flush();
        long first = frames.get(0).pts();
        frames.removeIf(f -> f.pts() - first > seconds * 90000);
        return frames;
    }
}
