package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The times the records, playback and download calls take. */
class RecordTimesTest {

    @Test
    void epochSecondsAndIsoDateTimesWithOrWithoutSecondsOrOffset() {
        long local = LocalDateTime.of(2026, 11, 30, 7, 0).atZone(ZoneId.systemDefault()).toEpochSecond();
        assertEquals(1796022000L, RecordRoutes.epochSeconds("1796022000"));
        assertEquals(local, RecordRoutes.epochSeconds("2026-11-30T07:00:00"));
        assertEquals(local, RecordRoutes.epochSeconds("2026-11-30T07:00"), "what LocalDateTime#toString writes at :00");
        assertEquals(local, RecordRoutes.epochSeconds(" 2026-11-30T07:00:00.250 "));
        assertEquals(1796022000L, RecordRoutes.epochSeconds("2026-11-30T07:00:00Z"));
        assertEquals(1796022000L - 8 * 3600, RecordRoutes.epochSeconds("2026-11-30T07:00:00+08:00"));
        assertNull(RecordRoutes.epochSeconds("yesterday"));
        assertNull(RecordRoutes.epochSeconds("2026-13-30T07:00:00"));
        assertNull(RecordRoutes.epochSeconds(""));
        assertEquals("2026-11-30T07:00:00", RecordRoutes.deviceTime(local));
    }
}
