package io.gbmesh.protocol.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** MANSRTSP bodies byte for byte as the reference §6.10 INFOs carry them, with their Content-Lengths. */
class MansRtspTest {

    private static byte[] crlf(String... lines) {
        return (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void pauseIsTheReferenceBody() {
        byte[] built = MansRtsp.pause(1).toBytes();
        assertArrayEquals(crlf("PAUSE RTSP/1.0", "CSeq: 1", "PauseTime: now"), built);
        assertEquals(41, built.length);
    }

    @Test
    void resumeIsTheReferenceBody() {
        byte[] built = MansRtsp.resume(3).toBytes();
        assertArrayEquals(crlf("PLAY RTSP/1.0", "CSeq: 3", "Range: npt=now-"), built);
        assertEquals(41, built.length);
    }

    @Test
    void scaleIsTheReferenceBody() {
        byte[] built = MansRtsp.scale(4, 4.0).toBytes();
        assertArrayEquals(crlf("PLAY RTSP/1.0", "CSeq: 4", "Scale: 4"), built);
        assertEquals(34, built.length);
        assertArrayEquals(crlf("PLAY RTSP/1.0", "CSeq: 9", "Scale: 0.25"), MansRtsp.scale(9, 0.25).toBytes());
    }

    @Test
    void seekIsTheReferenceBody() {
        byte[] built = MansRtsp.seek(5, 379).toBytes();
        assertArrayEquals(crlf("PLAY RTSP/1.0", "CSeq: 5", "Range: npt=379-"), built);
        assertEquals(41, built.length);
    }

    @Test
    void everyWrittenControlReadsBack() {
        for (MansRtsp c : new MansRtsp[] {MansRtsp.pause(1), MansRtsp.resume(2), MansRtsp.scale(3, 0.5), MansRtsp.seek(4, 12.5)}) {
            assertEquals(c, MansRtsp.parse(c.toBytes()));
        }
    }

    @Test
    void devicesSpellingsAreRead() {
        MansRtsp c = MansRtsp.parse("PLAY RTSP/1.0\ncseq: 7\nrange: npt=100.000-\nscale: 2.0\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(MansRtsp.Method.PLAY, c.method());
        assertEquals(7, c.cseq());
        assertEquals(100.0, c.position().getAsDouble());
        assertEquals(2.0, c.scale().getAsDouble());
        assertTrue(!c.resume());
    }

    @Test
    void malformedControlsAreRefusedWithATypedError() {
        assertThrows(MansRtspParseException.class, () -> MansRtsp.parse(new byte[0]));
        assertThrows(MansRtspParseException.class, () -> MansRtsp.parse("GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(MansRtspParseException.class, () -> MansRtsp.parse("PLAY RTSP/1.0\r\nScale: 2\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(MansRtspParseException.class, () -> MansRtsp.parse("PLAY RTSP/1.0\r\nCSeq: 1\r\nScale: -2\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(MansRtspParseException.class, () -> MansRtsp.parse("PLAY RTSP/1.0\r\nCSeq: 1\r\nRange: npt=x-\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(MansRtspParseException.class, () -> MansRtsp.parse(new byte[MansRtsp.MAX_BYTES + 1]));
    }
}
