package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a playback over several files goes on at a device's end of file. */
class NextFileTest {
    private static NextFile.Span f(long start, long end) {
        return new NextFile.Span(start, end);
    }

    @Test
    void theNextFileAfterAGapIsPlayedFromItsStart() {
        List<NextFile.Span> files = List.of(f(0, 60), f(90, 150), f(180, 240));
        assertEquals(90, NextFile.after(10, 200, 0, files));
        assertEquals(180, NextFile.after(90, 200, 0, files));
    }

    @Test
    void thePlaybackEndsWhenTheCurrentFileReachesTheEndAsked() {
        List<NextFile.Span> files = List.of(f(0, 60), f(90, 150), f(180, 240));
        assertEquals(-1, NextFile.after(180, 200, 0, files));
        assertEquals(-1, NextFile.after(10, 60, 0, files), "the end asked is the file's end");
        assertEquals(-1, NextFile.after(10, 61, 0, files), "within a second of it");
    }

    @Test
    void thePlaybackEndsWhenNoFileRemainsBeforeTheEndAsked() {
        assertEquals(-1, NextFile.after(10, 500, 0, List.of(f(0, 60))));
        assertEquals(-1, NextFile.after(10, 85, 0, List.of(f(0, 60), f(90, 150))), "the next file starts after the end asked");
        assertEquals(-1, NextFile.after(10, 500, 0, List.of()));
    }

    @Test
    void aStartInAGapCountsTheFileAfterItAsTheCurrentOne() {
        List<NextFile.Span> files = List.of(f(0, 60), f(90, 150), f(180, 240));
        assertEquals(180, NextFile.after(70, 300, 0, files));
    }

    @Test
    void aDeviceThatPlayedTheWholeRangeAcrossItsFilesIsNotInvitedAgain() {
        List<NextFile.Span> files = List.of(f(0, 60), f(90, 150), f(180, 240));
        // an NVR played 10..200 in one INVITE (190 s of wall time) and says 121 once, at the end of the range
        assertEquals(-1, NextFile.after(10, 200, 189, files));
        // a camera that played its first file only says it after 50 s
        assertEquals(90, NextFile.after(10, 200, 51, files));
    }

    @Test
    void filesMayComeInAnyOrderAndBackToBack() {
        List<NextFile.Span> files = List.of(f(120, 180), f(0, 60), f(60, 120));
        assertEquals(60, NextFile.after(0, 170, 0, files));
        assertEquals(120, NextFile.after(60, 170, 0, files));
        assertEquals(-1, NextFile.after(120, 170, 0, files));
    }
}
