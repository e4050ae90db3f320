package io.gbmesh.media.talk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The device's audio as a talk both ways gives it back: the captures' G.711 A-law and AAC decoded to
 * 8 kHz mono PCM, as many samples as the capture lasts and not silent; and the talk WebSocket's
 * first message telling a browser's Opus container from raw PCM.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DeviceAudioTest {

    private static double seconds(List<MediaFrame> frames, Codec codec) {
        List<MediaFrame> audio = frames.stream().filter(f -> f.codec() == codec).toList();
        return (audio.get(audio.size() - 1).pts() - audio.get(0).pts()) / 90_000.0;
    }

    @Test
    void theAacOfACaptureDecodesTo8kHzMonoPcmOfItsLength() {
        List<MediaFrame> frames = Capture.H264_AAC.demuxed(5);
        double span = seconds(frames, Codec.AAC);
        long[] count = new long[1];
        double[] energy = new double[1];
        try (AacToPcm aac = new AacToPcm()) {
            for (MediaFrame f : frames) {
                if (f.codec() == Codec.AAC) {
                    aac.decode(f.data(), s -> {
                        count[0]++;
                        energy[0] += (double) s * s;
                    });
                }
            }
            assertEquals(0, aac.failed());
        }
        double decoded = count[0] / 8000.0;
        assertEquals(span, decoded, 0.15 * span + 0.15, "samples for the capture's audio span of " + span + " s");
        double rms = Math.sqrt(energy[0] / count[0]);
        assertTrue(rms > 100, "not silent: rms " + rms);
    }

    @Test
    void theG711OfACaptureIsSentBackInMessagesOf40Ms() {
        List<MediaFrame> frames = Capture.H265.demuxed(5);
        long g711 = frames.stream().filter(f -> f.codec() == Codec.G711A).mapToLong(f -> f.data().length).sum();
        DeviceAudioListener listener = new DeviceAudioListener("t");
        frames.forEach(listener::frame);
        listener.close();
        assertTrue(g711 > 8000, "the capture carries G.711: " + g711 + " bytes");
        assertEquals(0, listener.sentMessages(), "nothing kept while no WebSocket is attached");
    }

    @Test
    void aBrowsersOpusContainerIsToldByItsFirstBytes() {
        assertTrue(SocketAudio.isContainer(new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1}), "WebM (EBML)");
        assertTrue(SocketAudio.isContainer("OggS\0".getBytes()), "Ogg");
        assertTrue(!SocketAudio.isContainer(new byte[] {0, 0, 10, 0}), "PCM");
        SocketAudio pcm = new SocketAudio(container -> {
            throw new AssertionError("PCM needs no FFmpeg");
        });
        pcm.push(new byte[320]);
        assertEquals(SocketAudio.Form.PCM, pcm.form());
        assertTrue(pcm.next(new short[160]));
    }

    @Test
    void opusAskedByTheSocketIsRefusedUnlessItIsWebmOrOgg() {
        java.util.List<String> starts = new java.util.ArrayList<>();
        SocketAudio opus = new SocketAudio(container -> {
            starts.add(container);
            return io.vertx.core.Future.failedFuture("no FFmpeg in this test");
        });
        opus.expectOpus();
        opus.push("<?xml version=\"1.0\"?><MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\"/>".getBytes());
        assertEquals(java.util.List.of(), starts, "FFmpeg never sees what is not WebM or Ogg");
        assertEquals(SocketAudio.Form.FAILED, opus.form());
        assertTrue(opus.refusal() != null && opus.refusal().contains("WebM or Ogg"), String.valueOf(opus.refusal()));
        assertTrue(opus.ended() && opus.failure().contains("Opus"), "the talk ends with the reason: " + opus.failure());

        for (String container : java.util.List.of("webm", "ogg")) {
            SocketAudio asked = new SocketAudio(c -> {
                starts.add(c);
                return io.vertx.core.Future.failedFuture("no FFmpeg in this test");
            });
            asked.expectOpus();
            asked.push(container.equals("webm") ? new byte[] {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3, 1} : "OggS\0".getBytes());
            assertEquals(null, asked.refusal());
        }
        assertEquals(java.util.List.of("webm", "ogg"), starts, "the demuxer is named from the first bytes");
    }

    @Test
    void ffmpegReadsOnlyItsPipeWithTheDemuxerNamed() {
        java.util.List<String> command = FfmpegAudio.pipedCommand("ffmpeg", "webm");
        int input = command.indexOf("-i");
        assertEquals("pipe:0", command.get(input + 1));
        assertEquals("webm", command.get(input - 1));
        assertEquals("-f", command.get(input - 2));
        assertEquals("pipe", command.get(command.indexOf("-protocol_whitelist") + 1));
        assertTrue(command.indexOf("-protocol_whitelist") < input);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> FfmpegAudio.pipedCommand("ffmpeg", "hls"));
    }

    @Test
    void whatWaitsForFfmpegWhileItStartsIsBoundedInBytes() {
        SocketAudio opus = new SocketAudio(container -> io.vertx.core.Future.future(p -> { }));
        byte[] slice = new byte[64 * 1024];
        slice[0] = 0x1A;
        slice[1] = 0x45;
        slice[2] = (byte) 0xDF;
        slice[3] = (byte) 0xA3;
        for (int i = 0; i < 100; i++) {
            opus.push(slice);
        }
        assertEquals(SocketAudio.Form.STARTING, opus.form());
        assertTrue(opus.queuedBytes() <= SocketAudio.MAX_QUEUED_BYTES, "kept: " + opus.queuedBytes());
        assertEquals(100L * slice.length - opus.queuedBytes(), opus.droppedBytes());
    }
}
