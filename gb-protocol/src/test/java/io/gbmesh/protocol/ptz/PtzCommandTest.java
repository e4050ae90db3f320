package io.gbmesh.protocol.ptz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The 8-byte PTZCmd of GB/T 28181-2016 annex A.3, against the reference's examples (6.5, 6.6). */
class PtzCommandTest {

    @Test
    void leftAtPanSpeed0x96IsTheReferencesCommand() throws Exception {
        assertEquals("A50F01029600004D", PtzCommand.move(PtzMotion.LEFT, 0x96).toHex());
        PtzCommand parsed = PtzCommand.parse("A50F01029600004D");
        assertEquals(PtzMotion.LEFT, parsed.motion());
        assertEquals(-1, parsed.panDirection());
        assertEquals(0x96, parsed.data1(), "pan speed");
        assertEquals(1, parsed.address());
    }

    @Test
    void stopIsTheReferencesCommand() throws Exception {
        assertEquals("A50F0100000000B5", PtzCommand.stop().toHex());
        assertTrue(PtzCommand.parse("A50F0100000000B5").isStop());
    }

    @Test
    void presetSetCallDeleteAreTheReferencesCommands() throws Exception {
        assertEquals("A50F018100020038", PtzCommand.preset(PtzCommand.PRESET_SET, 2).toHex());
        assertEquals("A50F018200020039", PtzCommand.preset(PtzCommand.PRESET_CALL, 2).toHex());
        assertEquals("A50F01830002003A", PtzCommand.preset(PtzCommand.PRESET_DELETE, 2).toHex());
        PtzCommand call = PtzCommand.parse("A50F018200020039");
        assertEquals(PtzCommand.PRESET_CALL, call.code());
        assertEquals(2, call.presetNumber());
    }

    @Test
    void eachMotionSetsItsBitsAndTheSpeedsOfTheAxesThatMove() throws Exception {
        PtzCommand upRight = PtzCommand.parse(PtzCommand.move(PtzMotion.UPRIGHT, 0x40).toHex());
        assertEquals(0x09, upRight.code());
        assertEquals(1, upRight.panDirection());
        assertEquals(1, upRight.tiltDirection());
        assertEquals(0x40, upRight.data1());
        assertEquals(0x40, upRight.data2());
        PtzCommand down = PtzCommand.move(PtzMotion.DOWN, 0x20);
        assertEquals(0, down.data1(), "no pan speed when only tilting");
        assertEquals(0x20, down.data2());
        assertEquals(-1, down.tiltDirection());
        for (PtzMotion m : PtzMotion.values()) {
            assertEquals(m, PtzCommand.parse(PtzCommand.move(m, 100).toHex()).motion());
        }
    }

    @Test
    void zoomSpeedIsTheSpeedScaledToFourBitsInTheHighNibbleOfByte7() throws Exception {
        assertEquals("A50F01100000F0B5", PtzCommand.move(PtzMotion.ZOOMIN, 255).toHex());
        PtzCommand out = PtzCommand.parse(PtzCommand.move(PtzMotion.ZOOMOUT, 0x96).toHex());
        assertEquals(-1, out.zoomDirection());
        assertEquals(9, out.data3(), "0x96 scaled to 0..15");
    }

    @Test
    void zoomSpeedScale() {
        assertEquals(0, PtzCommand.zoomSpeed(0));
        assertEquals(8, PtzCommand.zoomSpeed(128));
        assertEquals(15, PtzCommand.zoomSpeed(255));
        assertEquals(1, PtzCommand.zoomSpeed(17));
    }

    @Test
    void focusAndIrisAreFiInstructions() throws Exception {
        assertEquals("A50F014400500049", PtzCommand.lens(LensMotion.IRISOPEN, 0x50).toHex());
        PtzCommand iris = PtzCommand.parse(PtzCommand.lens(LensMotion.IRISOPEN, 0x50).toHex());
        assertEquals(LensMotion.IRISOPEN, iris.lensMotion());
        assertEquals(0, iris.data1(), "focus speed");
        assertEquals(0x50, iris.data2(), "iris speed");
        PtzCommand far = PtzCommand.parse(PtzCommand.lens(LensMotion.FOCUSFAR, 0x30).toHex());
        assertEquals(0x41, far.code());
        assertEquals(0x30, far.data1());
        assertTrue(PtzCommand.lensStop().isStop());
    }

    @Test
    void cruiseSpeedSplitsTwelveBitsOverBytes6And7() throws Exception {
        PtzCommand c = PtzCommand.parse(PtzCommand.cruise(PtzCommand.CRUISE_SPEED, 3, 0x123).toHex());
        assertEquals(3, c.data1());
        assertEquals(0x23, c.data2());
        assertEquals(0x1, c.data3());
    }

    @Test
    void aTwelveBitAddressSplitsOverBytes3And7() throws Exception {
        PtzCommand c = new PtzCommand(0xABC, 0x02, 0x10, 0, 0);
        byte[] b = c.toBytes();
        assertEquals(0xBC, b[2] & 0xFF);
        assertEquals(0x0A, b[6] & 0x0F);
        assertEquals(0xABC, PtzCommand.parse(c.toHex()).address());
    }

    @Test
    void malformedCommandsAreRefusedWithTheirReason() {
        assertEquals("PTZCmd checksum is wrong",
                assertThrows(PtzParseException.class, () -> PtzCommand.parse("A50F01029600004E")).getMessage());
        assertThrows(PtzParseException.class, () -> PtzCommand.parse("B50F01029600004D"));
        assertThrows(PtzParseException.class, () -> PtzCommand.parse("A50E01029600004C"));
        assertThrows(PtzParseException.class, () -> PtzCommand.parse("A51001029600004E"), "version 1, its check and checksum right");
        assertThrows(PtzParseException.class, () -> PtzCommand.parse("A50F010296"));
        assertThrows(PtzParseException.class, () -> PtzCommand.parse("A50F0102960000ZZ"));
        assertThrows(PtzParseException.class, () -> PtzCommand.parse(null));
        assertThrows(IllegalArgumentException.class, () -> PtzCommand.move(PtzMotion.LEFT, 256));
        assertThrows(IllegalArgumentException.class, () -> PtzCommand.preset(PtzCommand.PRESET_CALL, 0));
    }

    @Test
    void lowerCaseAndBlanksAreRead() throws Exception {
        assertEquals(PtzMotion.LEFT, PtzCommand.parse(" a50f01029600004d\r\n").motion());
        assertNull(PtzCommand.parse("A50F0103000000B8").motion(), "left and right at once is no defined motion");
    }
}
