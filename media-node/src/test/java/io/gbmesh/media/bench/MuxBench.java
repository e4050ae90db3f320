package io.gbmesh.media.bench;

import io.gbmesh.media.flv.FlvMuxer;
import io.gbmesh.media.mp4.Fmp4Muxer;
import io.gbmesh.media.stream.StreamProcess;
import io.gbmesh.media.stream.StreamSinks;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.viewer.SegmentMuxer;
import io.gbmesh.protocol.media.MediaFrame;

import java.util.List;
import java.util.function.Supplier;

/**
 * What muxing costs a media node per frame, on one thread: the captures' demuxed frames through
 * each viewer container (FLV, fragmented MP4), and the whole receiving pipeline (RTP → PS demux →
 * sinks) with no sink and with both containers attached. Prints the median of {@code rounds} timed
 * rounds (after as many warm-up rounds) in microseconds per frame and MB/s of muxed output.
 *
 * <p>usage: MuxBench [rounds]
 */
public final class MuxBench {

    private MuxBench() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        for (String name : List.of("h264-704x576", "h265-320x240+g711a", "h264-320x240+aac")) {
            Capture capture = switch (name) {
                case "h264-704x576" -> Capture.H264;
                case "h265-320x240+g711a" -> Capture.H265;
                default -> Capture.H264_AAC;
            };
            List<MediaFrame> frames = capture.demuxed(1_000);
            report(name, "flv", frames.size(), rounds, () -> mux(new FlvMuxer(), frames));
            report(name, "fmp4", frames.size(), rounds, () -> mux(new Fmp4Muxer(), frames));
            long ssrc = 100000001L;
            List<Capture.Packet> packets = capture.packets(ssrc, 1_000, 1000);
            report(name, "rtp→sinks (none)", frames.size(), rounds, () -> pipeline(packets, ssrc, false));
            report(name, "rtp→sinks (flv+fmp4)", frames.size(), rounds, () -> pipeline(packets, ssrc, true));
        }
    }

    private static long mux(SegmentMuxer muxer, List<MediaFrame> frames) {
        long[] bytes = {0};
        for (MediaFrame f : frames) {
            muxer.frame(f, (b, key, setUp) -> bytes[0] += b.length);
        }
        return bytes[0];
    }

    private static long pipeline(List<Capture.Packet> packets, long ssrc, boolean containers) {
        long[] bytes = {0};
        StreamSinks sinks = new StreamSinks();
        if (containers) {
            FlvMuxer flv = new FlvMuxer();
            Fmp4Muxer mp4 = new Fmp4Muxer();
            sinks.attach(f -> flv.frame(f, (b, key, setUp) -> bytes[0] += b.length));
            sinks.attach(f -> mp4.frame(f, (b, key, setUp) -> bytes[0] += b.length));
        }
        StreamProcess process = new StreamProcess(ssrc, 1000, sinks);
        for (Capture.Packet p : packets) {
            byte[] copy = p.bytes().clone();
            process.rtp(copy, 0, copy.length, 0);
        }
        process.flush();
        return bytes[0];
    }

    private static void report(String capture, String what, int frames, int rounds, Supplier<Long> run) {
        long[] nanos = new long[rounds];
        long out = 0;
        for (int i = 0; i < rounds * 2; i++) {
            long t0 = System.nanoTime();
            out = run.get();
            if (i >= rounds) {
                nanos[i - rounds] = System.nanoTime() - t0;
            }
        }
        java.util.Arrays.sort(nanos);
        long median = nanos[rounds / 2];
        System.out.printf("%-20s %-22s %5d frames  %7.1f us/frame  %7.1f MB/s out%n", capture, what, frames,
                median / 1000.0 / frames, out == 0 ? 0 : out * 1000.0 / median);
    }
}
