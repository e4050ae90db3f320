package io.gbmesh.protocol.manscdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.manscdp.ControlAnswers.CruisePoint;
import io.gbmesh.protocol.manscdp.ControlAnswers.CruiseTrackName;
import io.gbmesh.protocol.manscdp.ControlAnswers.HomePositionState;
import io.gbmesh.protocol.manscdp.ControlAnswers.Preset;
import io.gbmesh.protocol.manscdp.ControlAnswers.PtzPosition;
import io.gbmesh.protocol.ptz.PtzCommand;
import io.gbmesh.protocol.ptz.PtzMotion;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Control bodies byte-identical to the reference's (6.5, 6.6: their Content-Length is 251 for every
 * DeviceControl and 155 for the PresetQuery), the other commands in the same layout, and the
 * device's answers read back.
 */
class ManscdpControlsTest {
    private static final String CHANNEL = "34020000001310000001";

    private static byte[] crlf(String... lines) {
        return String.join("\r\n", lines).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] control(long sn, String... inner) {
        String[] lines = new String[inner.length + 5];
        lines[0] = "<?xml version=\"1.0\" encoding=\"GB2312\"?>";
        lines[1] = "<Control>";
        lines[2] = "  <CmdType>DeviceControl</CmdType>";
        lines[3] = "  <SN>" + sn + "</SN>";
        lines[4] = "  <DeviceID>" + CHANNEL + "</DeviceID>";
        String[] all = new String[lines.length + 1];
        System.arraycopy(lines, 0, all, 0, 5);
        System.arraycopy(inner, 0, all, 5, inner.length);
        all[5 + inner.length] = "</Control>";
        return crlf(java.util.Arrays.copyOf(all, 6 + inner.length));
    }

    @Test
    void ptzLeftIsTheReferencesBody() {
        byte[] built = ManscdpControls.ptz(10022, CHANNEL, PtzCommand.move(PtzMotion.LEFT, 0x96).toHex());
        assertArrayEquals(control(10022, "  <PTZCmd>A50F01029600004D</PTZCmd>",
                "  <Info><ControlPriority>5</ControlPriority></Info>"), built);
        assertEquals(251, built.length, "Content-Length of the reference's PTZ control");
    }

    @Test
    void stopAndPresetBodiesAreTheReferences() {
        assertArrayEquals(control(10023, "  <PTZCmd>A50F0100000000B5</PTZCmd>",
                "  <Info><ControlPriority>5</ControlPriority></Info>"), ManscdpControls.ptz(10023, CHANNEL, PtzCommand.stop().toHex()));
        assertArrayEquals(control(10025, "  <PTZCmd>A50F018100020038</PTZCmd>",
                        "  <Info><ControlPriority>5</ControlPriority></Info>"),
                ManscdpControls.ptz(10025, CHANNEL, PtzCommand.preset(PtzCommand.PRESET_SET, 2).toHex()));
        assertArrayEquals(control(10027, "  <PTZCmd>A50F01830002003A</PTZCmd>",
                        "  <Info><ControlPriority>5</ControlPriority></Info>"),
                ManscdpControls.ptz(10027, CHANNEL, PtzCommand.preset(PtzCommand.PRESET_DELETE, 2).toHex()));
        byte[] call = ManscdpControls.ptz(10032, CHANNEL, PtzCommand.preset(PtzCommand.PRESET_CALL, 2).toHex());
        assertArrayEquals(control(10032, "  <PTZCmd>A50F018200020039</PTZCmd>",
                "  <Info><ControlPriority>5</ControlPriority></Info>"), call);
        assertEquals(251, call.length);
    }

    @Test
    void presetQueryIsTheReferencesBody() {
        byte[] built = ManscdpControls.presetQuery(10024, CHANNEL);
        assertArrayEquals(crlf("<?xml version=\"1.0\" encoding=\"GB2312\"?>", "<Query>", "  <CmdType>PresetQuery</CmdType>",
                "  <SN>10024</SN>", "  <DeviceID>34020000001310000001</DeviceID>", "</Query>"), built);
        assertEquals(155, built.length, "Content-Length of the reference's PresetQuery");
    }

    @Test
    void deviceCommandsHaveTheSameLayout() {
        assertArrayEquals(control(1, "  <GuardCmd>SetGuard</GuardCmd>"), ManscdpControls.guard(1, CHANNEL, true));
        assertArrayEquals(control(2, "  <GuardCmd>ResetGuard</GuardCmd>"), ManscdpControls.guard(2, CHANNEL, false));
        assertArrayEquals(control(3, "  <AlarmCmd>ResetAlarm</AlarmCmd>"), ManscdpControls.alarmReset(3, CHANNEL));
        assertArrayEquals(control(4, "  <RecordCmd>Record</RecordCmd>"), ManscdpControls.record(4, CHANNEL, true));
        assertArrayEquals(control(5, "  <RecordCmd>StopRecord</RecordCmd>"), ManscdpControls.record(5, CHANNEL, false));
        assertArrayEquals(control(6, "  <TeleBoot>Boot</TeleBoot>"), ManscdpControls.teleBoot(6, CHANNEL));
        assertArrayEquals(control(7, "  <IFameCmd>Send</IFameCmd>"), ManscdpControls.iFrame(7, CHANNEL));
        assertArrayEquals(control(8, "  <TargetTrack>Auto</TargetTrack>"), ManscdpControls.targetTrack(8, CHANNEL, true));
    }

    @Test
    void homePositionAndPreciseControlNestTheirValues() {
        assertArrayEquals(control(9, "  <HomePosition>", "    <Enabled>1</Enabled>", "    <ResetTime>30</ResetTime>",
                "    <PresetIndex>3</PresetIndex>", "  </HomePosition>"), ManscdpControls.homePosition(9, CHANNEL, true, 30, 3));
        assertArrayEquals(control(10, "  <HomePosition>", "    <Enabled>0</Enabled>", "  </HomePosition>"),
                ManscdpControls.homePosition(10, CHANNEL, false, 0, 0));
        assertArrayEquals(control(11, "  <PTZPreciseCtrl>", "    <Pan>120.5</Pan>", "    <Tilt>-10</Tilt>", "    <Zoom>2</Zoom>",
                "  </PTZPreciseCtrl>"), ManscdpControls.ptzPrecise(11, CHANNEL, 120.5, -10, 2));
    }

    @Test
    void basicParamCarriesOnlyTheGivenFields() {
        assertArrayEquals(crlf("<?xml version=\"1.0\" encoding=\"GB2312\"?>", "<Control>", "  <CmdType>DeviceConfig</CmdType>",
                        "  <SN>12</SN>", "  <DeviceID>34020000001320000002</DeviceID>", "  <BasicParam>", "    <Name>Gate</Name>",
                        "    <HeartBeatInterval>20</HeartBeatInterval>", "    <HeartBeatCount>2</HeartBeatCount>", "  </BasicParam>",
                        "</Control>"),
                ManscdpControls.basicParam(12, "34020000001320000002", "Gate", null, 20, 2));
    }

    @Test
    void twentyTwentyTwoQueriesAreQueriesOfTheChannel() {
        assertArrayEquals(crlf("<?xml version=\"1.0\" encoding=\"GB2312\"?>", "<Query>", "  <CmdType>CruiseTrackQuery</CmdType>",
                "  <SN>13</SN>", "  <DeviceID>34020000001310000001</DeviceID>", "  <Number>2</Number>", "</Query>"),
                ManscdpControls.cruiseTrackQuery(13, CHANNEL, 2));
        for (byte[] q : List.of(ManscdpControls.homePositionQuery(1, CHANNEL), ManscdpControls.cruiseTrackListQuery(1, CHANNEL),
                ManscdpControls.ptzPositionQuery(1, CHANNEL))) {
            ManscdpDocument doc = ManscdpCodec.parse(q);
            assertEquals(ManscdpRoot.Query, doc.root());
            assertEquals(CHANNEL, doc.deviceId());
        }
    }

    @Test
    void theReferencesPresetAnswerIsRead() {
        byte[] body = ReferenceBodies.load("preset-query-response.xml");
        assertEquals(258, body.length, "the reference's Content-Length");
        ControlAnswers.PresetPage page = ControlAnswers.presets(ManscdpCodec.parse(body));
        assertEquals(-1, page.sumNum(), "the reference sends its presets in one message without SumNum");
        assertEquals(List.of(new Preset(1, "预置点 1")), page.presets());
    }

    @Test
    void resultsAreOkOrTheDevicesWords() {
        ControlAnswers.Result ok = ControlAnswers.result(ManscdpCodec.parse(
                ManscdpControlReplies.result(5, CHANNEL, "DeviceControl", true, null)));
        assertTrue(ok.ok());
        ControlAnswers.Result error = ControlAnswers.result(ManscdpCodec.parse(
                ManscdpControlReplies.result(5, CHANNEL, "DeviceControl", false, "guard not supported")));
        assertFalse(error.ok());
        assertEquals("guard not supported", error.reason());
        String bare = "<?xml version=\"1.0\"?>\n<Response>\n<CmdType>DeviceControl</CmdType>\n<SN>1</SN>\n"
                + "<DeviceID>" + CHANNEL + "</DeviceID>\n<Result>ERROR</Result>\n</Response>\n";
        assertEquals("Result ERROR", ControlAnswers.result(ManscdpCodec.parse(bare.getBytes(StandardCharsets.US_ASCII))).reason());
    }

    @Test
    void theSimulatorsAnswersReadBack() {
        ControlAnswers.PresetPage page = ControlAnswers.presets(ManscdpCodec.parse(
                ManscdpControlReplies.presets(7, CHANNEL, 3, List.of(new Preset(4, "门口"), new Preset(5, "x&y")))));
        assertEquals(3, page.sumNum());
        assertEquals(List.of(new Preset(4, "门口"), new Preset(5, "x&y")), page.presets());
        assertEquals(new HomePositionState(true, 60, 2), ControlAnswers.homePosition(ManscdpCodec.parse(
                ManscdpControlReplies.homePosition(1, CHANNEL, new HomePositionState(true, 60, 2)))));
        assertEquals(List.of(new CruiseTrackName(1, "track 1")), ControlAnswers.cruiseTracks(ManscdpCodec.parse(
                ManscdpControlReplies.cruiseTracks(1, CHANNEL, 1, List.of(new CruiseTrackName(1, "track 1"))))).tracks());
        ControlAnswers.CruiseTrackPage track = ControlAnswers.cruiseTrack(ManscdpCodec.parse(
                ManscdpControlReplies.cruiseTrack(1, CHANNEL, 1, "track 1", 2, List.of(new CruisePoint(1, 10, 5), new CruisePoint(2, 15, 6)))));
        assertEquals(2, track.points().size());
        assertEquals(new CruisePoint(2, 15, 6), track.points().get(1));
        assertEquals(new PtzPosition(90.5, -5, 1.5), ControlAnswers.ptzPosition(ManscdpCodec.parse(
                ManscdpControlReplies.ptzPosition(1, CHANNEL, new PtzPosition(90.5, -5, 1.5)))));
    }
}
