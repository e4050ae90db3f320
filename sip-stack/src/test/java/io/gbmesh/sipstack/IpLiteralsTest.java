package io.gbmesh.sipstack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class IpLiteralsTest {

    @Test
    void ipv4LiteralsAreReadAsTheirFourBytes() {
        assertArrayEquals(new byte[] {127, 0, 0, 1}, IpLiterals.parse("127.0.0.1"));
        assertArrayEquals(new byte[] {(byte) 192, (byte) 168, 1, (byte) 255}, IpLiterals.parse("192.168.001.255"));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, IpLiterals.parse("0.0.0.0"));
    }

    @Test
    void anythingElseWithoutAColonIsNotALiteral() {
        for (String h : new String[] {"", "1.2.3", "1.2.3.4.5", "1.2.3.", ".1.2.3", "1..2.3", "256.1.1.1", "1.2.3.1000",
                "1.2.3.-4", "1.2.3.4 ", "a.b.c.d", "camera.example", "1.2.3.4a", "１.2.3.4"}) {
            assertNull(IpLiterals.parse(h), h);
        }
        assertNull(IpLiterals.parse(null));
    }

    @Test
    void ipv6LiteralsAreReadWithOrWithoutBrackets() {
        byte[] loopback = new byte[16];
        loopback[15] = 1;
        assertArrayEquals(loopback, IpLiterals.parse("::1"));
        assertArrayEquals(loopback, IpLiterals.parse("[::1]"));
    }
}
