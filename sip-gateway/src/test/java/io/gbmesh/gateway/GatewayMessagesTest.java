package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gbmesh.protocol.manscdp.ManscdpQueries;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.Via;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The messages the gateway builds, byte for byte, in the shape of the reference (6.1, 6.3, 6.4). */
class GatewayMessagesTest {
    private static final String REGISTER = String.join("\r\n",
            "REGISTER sip:34020000002000000001@3402000000 SIP/2.0",
            "Via: SIP/2.0/UDP 192.168.0.64:5060;rport;branch=z9hG4bK1945388331",
            "From: <sip:34020000001320000002@3402000000>;tag=33226951",
            "To: <sip:34020000001320000002@3402000000>",
            "Call-ID: 1455222403",
            "CSeq: 1 REGISTER",
            "Contact: <sip:34020000001320000002@192.168.0.64:5060>",
            "Max-Forwards: 70",
            "User-Agent: IP Camera",
            "Expires: 3600",
            "Content-Length: 0", "", "");

    private static SipRequest register() throws Exception {
        return (SipRequest) new SipParser().parse(REGISTER.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theChallengeHasTheReferenceShape() throws Exception {
        String challenge = "Digest realm=\"3402000000\", nonce=\"9485904448344456af5449b51759016e\", algorithm=MD5";
        String expected = String.join("\r\n",
                "SIP/2.0 401 Unauthorized",
                "Via: SIP/2.0/UDP 192.168.0.64:5060;rport;branch=z9hG4bK1945388331",
                "From: <sip:34020000001320000002@3402000000>;tag=33226951",
                "To: <sip:34020000001320000002@3402000000>;tag=719011525",
                "Call-ID: 1455222403",
                "CSeq: 1 REGISTER",
                "User-Agent: gbmesh",
                "Date: 2025-04-22T10:48:38.014",
                "Content-Length: 0",
                "WWW-Authenticate: " + challenge, "", "");
        assertEquals(expected, new String(GatewayMessages.challenge(register(), "719011525", "gbmesh",
                "2025-04-22T10:48:38.014", challenge).toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theRegistrationAnswerCarriesTheDateForTimeSync() throws Exception {
        String expected = String.join("\r\n",
                "SIP/2.0 200 OK",
                "Via: SIP/2.0/UDP 192.168.0.64:5060;rport;branch=z9hG4bK1945388331",
                "From: <sip:34020000001320000002@3402000000>;tag=33226951",
                "To: <sip:34020000001320000002@3402000000>;tag=719011525",
                "Call-ID: 1455222403",
                "CSeq: 1 REGISTER",
                "User-Agent: gbmesh",
                "Date: 2025-04-22T10:48:38.234",
                "Content-Length: 0",
                "Expires: 3600", "", "");
        assertEquals(expected, new String(GatewayMessages.registered(register(), "719011525", "gbmesh",
                "2025-04-22T10:48:38.234", 3600).toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void theRedirectIsTheReferences302() throws Exception {
        // reference 6.1, "注册重定向": the device registers again at the gateway in the Contact
        String expected = String.join("\r\n",
                "SIP/2.0 302 Moved Temporarily",
                "Via: SIP/2.0/UDP 192.168.0.64:5060;rport;branch=z9hG4bK1945388331",
                "From: <sip:34020000001320000002@3402000000>;tag=33226951",
                "To: <sip:34020000001320000002@3402000000>;tag=719011525",
                "Call-ID: 1455222403",
                "CSeq: 1 REGISTER",
                "User-Agent: wx_feiyangqingyun",
                "Date: 2025-08-19T16:08:50.501",
                "Content-Length: 0",
                "Expires: 3600",
                "Contact: <sip:34020000002000000001@192.168.0.110:15066>", "", "");
        assertEquals(expected, new String(GatewayMessages.redirect(register(), "719011525", "wx_feiyangqingyun",
                "2025-08-19T16:08:50.501", 3600, "34020000002000000001", "192.168.0.110", 15066).toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aDeviceInfoQueryIsTheReferencesMessage() {
        String expected = String.join("\r\n",
                "MESSAGE sip:34020000001320000002@192.168.0.64:5060 SIP/2.0",
                "Via: SIP/2.0/UDP 192.168.0.110:15060;rport;branch=z9hG4bK9225da1aa0084d469ebc6f6694bf6dc8",
                "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=1019",
                "To: <sip:34020000001320000002@192.168.0.64:5060>",
                "Call-ID: 35d87369b8b34488867dfbfbea2e91c2",
                "CSeq: 20 MESSAGE",
                "User-Agent: wx_feiyangqingyun",
                "Max-Forwards: 70",
                "Content-Length: 154",
                "Content-Type: application/MANSCDP+xml",
                "Contact: <sip:34020000002000000001@192.168.0.110:15060>",
                "",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>DeviceInfo</CmdType>",
                "  <SN>10019</SN>",
                "  <DeviceID>34020000001320000002</DeviceID>",
                "</Query>");
        Via via = new Via("UDP", "192.168.0.110", 15060, null)
                .stampRportRequest().withBranch("z9hG4bK9225da1aa0084d469ebc6f6694bf6dc8");
        SipRequest query = GatewayMessages.query("34020000002000000001", "192.168.0.110", 15060, "34020000001320000002",
                "192.168.0.64", 5060, via, "1019", "35d87369b8b34488867dfbfbea2e91c2", 20, "wx_feiyangqingyun",
                ManscdpQueries.deviceInfo(10019, "34020000001320000002"));
        assertEquals(expected, new String(query.toBytes(), java.nio.charset.Charset.forName("GB18030")));
    }

    @Test
    void anAlarmSubscribeIsTheReferencesMessage() {
        String expected = String.join("\r\n",
                "SUBSCRIBE sip:34020000001320000002@192.168.0.64:5060 SIP/2.0",
                "Via: SIP/2.0/UDP 192.168.0.110:15060;branch=z3hG9bKb7c9f520b8104e56942cb6083322c99a",
                "From: <sip:34020000002000000001@192.168.0.110:15060>;tag=1033",
                "To: <sip:34020000001320000002@192.168.0.64:5060>",
                "Call-ID: 715f605e3307409d8fb3a8617e04a0e5",
                "CSeq: 34 SUBSCRIBE",
                "User-Agent: wx_feiyangqingyun",
                "Max-Forwards: 70",
                "Content-Length: 407",
                "Content-Type: application/MANSCDP+xml",
                "Contact: <sip:34020000002000000001@192.168.0.110:15060>",
                "Expires: 90",
                "Event: presence",
                "",
                "<?xml version=\"1.0\" encoding=\"GB2312\"?>",
                "<Query>",
                "  <CmdType>Alarm</CmdType>",
                "  <SN>10033</SN>",
                "  <DeviceID>34020000001310000001</DeviceID>",
                "  <StartAlarmPriority>0</StartAlarmPriority>",
                "  <EndAlarmPriority>0</EndAlarmPriority>",
                "  <AlarmMethod>0</AlarmMethod>",
                "  <AlarmType>all</AlarmType>",
                "  <StartAlarmTime>2025-04-22T00:00:00</StartAlarmTime>",
                "  <EndAlarmTime>2025-04-22T23:59:59</EndAlarmTime>",
                "</Query>");
        Via via = new Via("UDP", "192.168.0.110", 15060, null).withBranch("z3hG9bKb7c9f520b8104e56942cb6083322c99a");
        SipRequest subscribe = GatewayMessages.subscribe("34020000002000000001", "192.168.0.110", 15060,
                "34020000001320000002", "192.168.0.64", 5060, via, "1033", null, "715f605e3307409d8fb3a8617e04a0e5", 34,
                "wx_feiyangqingyun", 90, "presence", ManscdpQueries.alarmSubscription(10033, "34020000001310000001",
                        new io.gbmesh.protocol.manscdp.AlarmSubscription("0", "0", "0", "all", "2025-04-22T00:00:00",
                                "2025-04-22T23:59:59")));
        assertEquals(expected, new String(subscribe.toBytes(), java.nio.charset.Charset.forName("GB18030")));
    }

    @Test
    void aRefreshOrUnsubscribeIsInTheDialogWithTheDevicesTag() {
        Via via = new Via("UDP", "192.168.0.110", 15060, null).withBranch("z9hG4bK1");
        SipRequest end = GatewayMessages.subscribe("34020000002000000001", "192.168.0.110", 15060,
                "34020000001320000002", "192.168.0.64", 5060, via, "1033", "dev7", "715f605e", 35, "gbmesh", 0,
                "Catalog;id=12", ManscdpQueries.catalogSubscription(12, "34020000001320000002"));
        String text = new String(end.toBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(true, text.contains("\r\nTo: <sip:34020000001320000002@192.168.0.64:5060>;tag=dev7\r\n"));
        assertEquals(true, text.contains("\r\nExpires: 0\r\nEvent: Catalog;id=12\r\n"));
    }
}
