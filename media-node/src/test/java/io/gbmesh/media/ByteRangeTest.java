package io.gbmesh.media;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
    @Test
    void oneRangeIsReadAgainstTheFilesSize() {
        assertArrayEquals(new long[] {100, 199}, ByteRange.parse("bytes=100-199", 1000));
        assertArrayEquals(new long[] {900, 999}, ByteRange.parse("bytes=900-", 1000));
        assertArrayEquals(new long[] {990, 999}, ByteRange.parse("bytes=-10", 1000));
        assertArrayEquals(new long[] {500, 999}, ByteRange.parse("bytes=500-5000", 1000));
    }

    @Test
    void noHeaderOrOneNotReadIsTheWholeFileAndOneOutsideIsRefused() {
        assertArrayEquals(new long[0], ByteRange.parse(null, 1000));
        assertArrayEquals(new long[0], ByteRange.parse("bytes=0-1,5-6", 1000));
        assertArrayEquals(new long[0], ByteRange.parse("items=0-1", 1000));
        assertArrayEquals(new long[0], ByteRange.parse("bytes=a-b", 1000));
        assertNull(ByteRange.parse("bytes=1000-", 1000));
        assertNull(ByteRange.parse("bytes=20-10", 1000));
        assertNull(ByteRange.parse("bytes=-0", 1000));
    }
}
