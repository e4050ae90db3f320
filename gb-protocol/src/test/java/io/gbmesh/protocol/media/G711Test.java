package io.gbmesh.protocol.media;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** G.711 known code points (ITU-T G.711 tables) and the round trip error bound of each law. */
class G711Test {

    @Test
    void silenceHasTheStandardCodes() {
        assertEquals((byte) 0xD5, G711.linearToAlaw((short) 0));
        assertEquals((byte) 0xFF, G711.linearToUlaw((short) 0));
        assertEquals((byte) 0xAA, G711.linearToAlaw(Short.MAX_VALUE));
        assertEquals((byte) 0x2A, G711.linearToAlaw(Short.MIN_VALUE));
        assertEquals((byte) 0x80, G711.linearToUlaw(Short.MAX_VALUE));
    }

    @Test
    void roundTripStaysWithinTheQuantisationStep() {
        for (int s = -32768; s <= 32767; s += 7) {
            short a = G711.alawToLinear(G711.linearToAlaw((short) s));
            short u = G711.ulawToLinear(G711.linearToUlaw((short) s));
            int bound = Math.max(16, Math.abs(s) / 16);
            assertTrue(Math.abs(a - s) <= bound, "A-law " + s + " -> " + a);
            assertTrue(Math.abs(u - s) <= bound, "mu-law " + s + " -> " + u);
        }
    }
}
