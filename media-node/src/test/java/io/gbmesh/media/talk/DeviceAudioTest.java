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
        SocketAudio pcm = new SocketAudio(() -> {
            throw new AssertionError("PCM needs no FFmpeg");
        });
        pcm.push(new byte[320]);
        assertEquals(SocketAudio.Form.PCM, pcm.form());
        assertTrue(pcm.next(new short[160]));
    }

    @Test
    void opusAskedByTheSocketIsDecodedWhateverItsFirstBytes() {
        int[] starts = {0};
        SocketAudio opus = new SocketAudio(() -> {
            starts[0]++;
            return io.vertx.core.Future.failedFuture("no FFmpeg in this test");
        });
        opus.expectOpus();
        opus.push(new byte[] {1, 2, 3, 4});
        assertEquals(1, starts[0], "FFmpeg started for the first message");
        assertEquals(SocketAudio.Form.FAILED, opus.form());
        assertTrue(opus.ended() && opus.failure().contains("Opus"), "the talk ends with the reason: " + opus.failure());
    }
}
