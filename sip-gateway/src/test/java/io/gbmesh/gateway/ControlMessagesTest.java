package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.protocol.manscdp.ManscdpControls;
import io.gbmesh.protocol.ptz.PtzCommand;
import io.gbmesh.protocol.ptz.PtzMotion;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.Via;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The MESSAGEs the gateway sends for control, whole, in the reference's shape (6.5, 6.6): the same
 * headers as its queries, the reference's bodies (Content-Length 251 for every PTZ control, 155 for
 * the PresetQuery). Only the Via differs, by the {@code rport} we ask for and RFC 3261's magic cookie.
 */
class ControlMessagesTest {
    private static final String DEVICE = "34020000001320000002";
    private static final String CHANNEL = "34020000001310000001";

    private static SipRequest message(String branch, String tag, String callId, long cseq, byte[] body) {
        Via via = new Via("UDP", "192.168.0.110", 15060, null).stampRportRequest().withBranch(branch);
        return GatewayMessages.query("34020000002000000001", "192.168.0.110", 15060, DEVICE, "192.168.0.64", 5060, via, tag,
                callId, cseq, "wx_feiyangqingyun", body);
    }

    private static String head(String branch, String tag, String callId, long cseq, int length) {
        return String.join("\r\n",
                "MESSAGE sip:34020000001320000002@192.168.0.64:5060 SIP/2.0",
                "Via: SIP/2.0/UDP 192.168.0.110:15060;rport;branch=" + branch,
                "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=" + tag,
                "To: <sip:34020000001320000002@192.168.0.64:5060>",
                "Call-ID: " + callId,
                "CSeq: " + cseq + " MESSAGE",
                "User-Agent: wx_feiyangqingyun",
                "Max-Forwards: 70",
                "Content-Length: " + length,
                "Content-Type: application/MANSCDP+xml",
                "Contact: <sip:34020000002000000001@192.168.0.110:15060>",
                "", "");
    }

    @Test
    void thePtzControlIsTheReferencesMessage() {
        String expected = head("z9hG4bK801c1bb8b2234e2e94be74f0087e28f5", "1022", "6822f48163704effb5b58d7031eba9f4", 23, 251)
                + String.join("\r\n",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Control>",
                "  <CmdType>DeviceControl</CmdType>",
                "  <SN>10022</SN>",
                "  <DeviceID>34020000001310000001</DeviceID>",
                "  <PTZCmd>A50F01029600004D</PTZCmd>",
                "  <Info><ControlPriority>5</ControlPriority></Info>",
                "</Control>");
        SipRequest built = message("z9hG4bK801c1bb8b2234e2e94be74f0087e28f5", "1022", "6822f48163704effb5b58d7031eba9f4", 23,
                ManscdpControls.ptz(10022, CHANNEL, PtzCommand.move(PtzMotion.LEFT, 0x96).toHex()));
        assertEquals(expected, new String(built.toBytes(), StandardCharsets.US_ASCII));
    }

    @Test
    void thePresetQueryIsTheReferencesMessage() {
        String expected = head("z9hG4bK5f11d64dadd7466cb06011e8971b788d", "1024", "aac3afc576894717a72ed58030479bcb", 25, 155)
                + String.join("\r\n",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>PresetQuery</CmdType>",
                "  <SN>10024</SN>",
                "  <DeviceID>34020000001310000001</DeviceID>",
                "</Query>");
        SipRequest built = message("z9hG4bK5f11d64dadd7466cb06011e8971b788d", "1024", "aac3afc576894717a72ed58030479bcb", 25,
                ManscdpControls.presetQuery(10024, CHANNEL));
        assertEquals(expected, new String(built.toBytes(), StandardCharsets.US_ASCII));
    }
}
