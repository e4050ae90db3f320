package io.gbmesh.media.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.protocol.media.MediaFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The captures written to MP4 files by the download recorder and read back by Debian's ffprobe. */
class Mp4FileRecorderTest {
    @TempDir
    Path dir;

    private static Mp4FileRecorder record(Path file, List<MediaFrame> frames) {
        Mp4FileRecorder r = new Mp4FileRecorder(file);
        frames.forEach(r::frame);
        r.close();
        return r;
    }

    @Test
    void h264_becomes_a_file_of_the_streams_duration_that_ffprobe_decodes() throws Exception {
        List<MediaFrame> frames = Capture.frames(6);
        Path file = dir.resolve("sub/h264.mp4");
        Mp4FileRecorder r = record(file, frames);
        assertEquals(Files.size(file), r.bytes());
        assertTrue(Math.abs(r.mediaMillis() - 6000) <= 40, "media time " + r.mediaMillis());
        assertNull(r.error());
        Ffprobe.VideoInfo info = Ffprobe.probe(Ffprobe.requireFfprobe(), file);
        assertEquals("h264", info.codec());
        assertEquals(frames.size(), info.frames());
    }

    @Test
    void h265_with_g711_keeps_both_codecs_as_they_came() throws Exception {
        Path file = dir.resolve("h265.mp4");
        record(file, Capture.H265.demuxed(4));
        assertEquals("hevc", Ffprobe.probe(Ffprobe.requireFfprobe(), file).codec());
        Ffprobe.AudioInfo audio = Ffprobe.probeAudio(Ffprobe.requireFfprobe(), file);
        assertNotNull(audio, "an audio track");
        assertEquals("pcm_alaw", audio.codec());
    }

    @Test
    void frames_after_close_are_not_written() throws Exception {
        List<MediaFrame> frames = Capture.frames(2);
        Path file = dir.resolve("closed.mp4");
        Mp4FileRecorder r = record(file, frames);
        long size = Files.size(file);
        frames.forEach(r::frame);
        assertEquals(size, Files.size(file));
        assertTrue(r.isClosed());
    }
}
