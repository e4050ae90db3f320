package io.gbmesh.media.flv;

import io.gbmesh.media.testing.Capture;
import io.gbmesh.media.testing.Ffprobe;
import io.gbmesh.media.testing.Http;
import io.gbmesh.protocol.media.MediaFrame;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The H.265 capture muxed into FLV as Enhanced RTMP says, read back by FFmpeg 7.1's ffprobe. */
class FlvHevcTest {

    @Test
    void h265_goes_in_hvc1_tags_a_sequence_start_then_coded_frames_and_decodes_as_hevc() throws Exception {
        List<MediaFrame> frames = Capture.H265.demuxed(10).stream().filter(MediaFrame::isVideo).toList();
        FlvMuxer muxer = new FlvMuxer();
        ByteArrayOutputStream flv = new ByteArrayOutputStream();
        flv.writeBytes(FlvMuxer.header());
        List<byte[]> tags = new ArrayList<>();
        for (MediaFrame f : frames) {
            muxer.frame(f, (bytes, key, setUp) -> {
                tags.add(bytes);
                flv.writeBytes(bytes);
            });
        }
        assertEquals(frames.size() + 1, tags.size(), "the sequence start, then a tag per frame");
        byte[] first = tags.get(0);
        // IsExHeader | FrameType 1 (key) | PacketType 0 (SequenceStart), FourCC hvc1, then the record's version 1
        assertEquals(0x90, first[11] & 0xFF);
        assertEquals("hvc1", new String(first, 12, 4, java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(1, first[16]);
        byte[] key = tags.get(1);
        assertEquals(0x91, key[11] & 0xFF, "a key frame's CodedFrames");
        assertEquals(0xA1, tags.get(2)[11] & 0xFF, "then an inter frame's");

        Ffprobe.VideoInfo info = Http.probe(Ffprobe.bundledFfprobe(), flv.toByteArray(), ".flv");
        assertEquals("hevc", info.codec());
        assertEquals(320, info.width());
        assertEquals(240, info.height());
        assertEquals(100, info.frames());
        assertTrue(tags.stream().filter(t -> (t[11] & 0x0F) == 0).count() == 1, "one SequenceStart: the sets never change");
    }
}
