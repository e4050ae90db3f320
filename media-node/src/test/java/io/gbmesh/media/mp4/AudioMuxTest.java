package io.gbmesh.media.mp4;

import io.gbmesh.media.flv.FlvMuxer;
import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.viewer.SegmentMuxer;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The audio of the captures (G.711 A-law beside H.265, AAC beside H.264) muxed into MP4 and FLV, read back by ffprobe. */
class AudioMuxTest {

    private static byte[] mux(SegmentMuxer muxer, List<MediaFrame> frames) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (MediaFrame f : frames) {
            muxer.frame(f, (bytes, key, setUp) -> body.writeBytes(bytes));
        }
        // the header as a viewer joining now is sent it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(muxer.viewerHeader());
        body.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void the_captures_carry_the_audio_their_program_stream_map_announces() {
        assertTrue(Capture.H265.demuxed(10).stream().anyMatch(f -> f.codec() == Codec.G711A));
        assertTrue(Capture.H264_AAC.demuxed(10).stream().anyMatch(f -> f.codec() == Codec.AAC));
    }

    @Test
    void h265_with_g711a_in_mp4_is_hevc_and_pcm_alaw() throws Exception {
        byte[] mp4 = mux(new Fmp4Muxer(), Capture.H265.demuxed(10));
        String ffprobe = Ffprobe.requireFfprobe();
        assertEquals("hevc", Http.probe(ffprobe, mp4, ".mp4").codec());
        Ffprobe.AudioInfo audio = Http.probeAudio(ffprobe, mp4, ".mp4");
        assertNotNull(audio, "an audio track");
        assertEquals("pcm_alaw", audio.codec());
        assertEquals(8000, audio.sampleRate());
        assertTrue(audio.packets() >= 95, audio.packets() + " packets of 40 ms in 4 s");
    }

    @Test
    void h264_with_aac_in_mp4_is_h264_and_aac() throws Exception {
        byte[] mp4 = mux(new Fmp4Muxer(), Capture.H264_AAC.demuxed(10));
        String ffprobe = Ffprobe.requireFfprobe();
        assertEquals("h264", Http.probe(ffprobe, mp4, ".mp4").codec());
        Ffprobe.AudioInfo audio = Http.probeAudio(ffprobe, mp4, ".mp4");
        assertNotNull(audio, "an audio track");
        assertEquals("aac", audio.codec());
        assertEquals(16000, audio.sampleRate());
        assertTrue(audio.packets() >= 60, audio.packets() + " AAC frames");
    }

    @Test
    void h264_with_aac_in_flv_is_h264_and_aac() throws Exception {
        byte[] flv = mux(new FlvMuxer(), Capture.H264_AAC.demuxed(10));
        assertEquals(0x05, flv[4], "the header says audio and video");
        String ffprobe = Ffprobe.requireFfprobe();
        assertEquals("h264", Http.probe(ffprobe, flv, ".flv").codec());
        Ffprobe.AudioInfo audio = Http.probeAudio(ffprobe, flv, ".flv");
        assertNotNull(audio, "an audio stream");
        assertEquals("aac", audio.codec());
        assertEquals(16000, audio.sampleRate());
        assertTrue(audio.packets() >= 60, audio.packets() + " AAC frames");
    }

    @Test
    void h265_with_g711a_in_flv_is_hevc_and_pcm_alaw() throws Exception {
        byte[] flv = mux(new FlvMuxer(), Capture.H265.demuxed(10));
        String ffprobe = Ffprobe.bundledFfprobe();
        assertEquals("hevc", Http.probe(ffprobe, flv, ".flv").codec());
        Ffprobe.AudioInfo audio = Http.probeAudio(ffprobe, flv, ".flv");
        assertNotNull(audio, "an audio stream");
        assertEquals("pcm_alaw", audio.codec());
        assertEquals(8000, audio.sampleRate());
        assertTrue(audio.packets() >= 95, audio.packets() + " packets");
    }
}
