package io.gbmesh.media.fuzz;

import io.gbmesh.media.flv.FlvMuxer;
import io.gbmesh.media.mp4.Fmp4Muxer;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.stream.H264Sps;
import io.gbmesh.media.stream.StreamProcess;
import io.gbmesh.protocol.fuzz.FuzzCorpus;
import io.gbmesh.protocol.fuzz.FuzzTarget;
import io.gbmesh.protocol.fuzz.ProtocolFuzzTargets;
import io.gbmesh.protocol.media.MediaFrame;
import io.gbmesh.protocol.ps.PsDemuxer;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.gbmesh.protocol.rtp.Rfc4571FramingException;

import java.util.ArrayList;
import java.util.List;

/**
 * The media node's side of the media plane: PS demuxed into the FLV muxer (with the SPS read for the
 * picture size, as the stream process does), and RTP over TCP through a whole {@link StreamProcess}
 * into FLV. Bad media never raises here: the only rejection is the RFC 4571 framing giving up.
 */
public final class MediaNodeFuzzTargets {

    private MediaNodeFuzzTargets() {
    }

    /** Every target: gb-protocol's codecs, then the media node's. */
    public static List<FuzzTarget> all() {
        List<FuzzTarget> all = new ArrayList<>(ProtocolFuzzTargets.all());
        all.add(flv());
        all.add(streamProcess());
        all.add(containers());
        return all;
    }

    /**
     * The H.265 + G.711A and H.264 + AAC captures (and the H.264 one's windows) demuxed into both
     * containers: FLV (Enhanced RTMP for H.265, audio tags) and fragmented MP4 (hvcC/avcC from the
     * parameter sets, the ADTS frames), whatever the mutator made of the parameter sets and headers.
     */
    public static FuzzTarget containers() {
        List<byte[]> seeds = new ArrayList<>(FuzzCorpus.psWindows());
        seeds.add(Capture.H265.bytes());
        seeds.add(Capture.H264_AAC.bytes());
        return FuzzTarget.of("containers", seeds, 512 * 1024, (input, random) -> {
            FlvMuxer flv = new FlvMuxer();
            Fmp4Muxer mp4 = new Fmp4Muxer();
            PsDemuxer demuxer = new PsDemuxer(frame -> {
                flv.frame(frame, (bytes, key, setUp) -> { });
                mp4.frame(frame, (bytes, key, setUp) -> { });
            });
            demuxer.feed(input);
            demuxer.flush();
        }, thrown -> false);
    }

    public static FuzzTarget flv() {
        return FuzzTarget.of("flv", FuzzCorpus.psWindows(), FuzzTarget.TCP_READ_MAX, (input, random) -> {
            FlvMuxer muxer = new FlvMuxer();
            PsDemuxer demuxer = new PsDemuxer(frame -> mux(muxer, frame));
            demuxer.feed(input);
            demuxer.flush();
        }, thrown -> false);
    }

    public static FuzzTarget streamProcess() {
        return FuzzTarget.of("stream-flv", FuzzCorpus.rtpStreams(), FuzzTarget.TCP_READ_MAX, (input, random) -> {
            FlvMuxer muxer = new FlvMuxer();
            StreamProcess process = new StreamProcess(-1, 500, frame -> mux(muxer, frame));
            long[] now = {1_000};
            try {
                new Rfc4571Framer().feed(input, 0, input.length, packet -> {
                    process.rtp(packet, 0, packet.length, now[0]);
                    process.tick(now[0] += 7);
                });
            } finally {
                process.flush();
                process.stats(1);
            }
        }, thrown -> thrown instanceof Rfc4571FramingException);
    }

    private static void mux(FlvMuxer muxer, MediaFrame frame) {
        if (frame.keyFrame() && frame.sps() != null) {
            try {
                H264Sps.parse(frame.sps());
            } catch (H264Sps.MalformedSpsException unreadable) {
                // the picture size stays unknown; the frame is still muxed
            }
        }
        muxer.frame(frame, (tag, key, sequenceHeader) -> { });
    }
}
