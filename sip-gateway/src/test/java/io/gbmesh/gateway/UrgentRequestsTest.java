package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.protocol.sip.NameAddress;
import io.gbmesh.protocol.sip.SipRequest;
import io.gbmesh.protocol.sip.SipUri;
import io.gbmesh.protocol.sip.Via;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** REGISTERs and keepalives go ahead of everything else a gateway receives; nothing else does. */
class UrgentRequestsTest {
    private static final String DEVICE = "34020000001320000001";

    private static SipRequest request(String method, String body) {
        SipUri uri = SipUri.of("34020000002000000001", "3402000000", -1);
        SipRequest.Builder b = SipRequest.builder(method, uri)
                .via(Via.of("UDP", "127.0.0.1", 5060, "z9hG4bK1"))
                .from(NameAddress.of(SipUri.of(DEVICE, "3402000000", -1)).withTag("1"))
                .to(NameAddress.of(uri))
                .callId("c1")
                .cseq(1, method);
        return body == null ? b.build() : b.body("Application/MANSCDP+xml", body.getBytes(StandardCharsets.US_ASCII)).build();
    }

    private static String notify(String cmdType) {
        return "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Notify>\r\n<CmdType>" + cmdType + "</CmdType>\r\n<SN>43</SN>\r\n"
                + "<DeviceID>" + DEVICE + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n";
    }

    @Test
    void aRegisterIsUrgent() {
        assertTrue(UrgentRequests.urgent(request("REGISTER", null)));
    }

    @Test
    void aKeepaliveIsUrgentWhateverTheCaseOfItsCmdType() {
        assertTrue(UrgentRequests.urgent(request("MESSAGE", notify("Keepalive"))));
        assertTrue(UrgentRequests.urgent(request("MESSAGE", notify("keepalive"))));
        assertTrue(UrgentRequests.urgent(request("MESSAGE", "<Notify><CmdType>KEEPALIVE</CmdType></Notify>")));
        assertTrue(UrgentRequests.urgent(request("MESSAGE", "<Notify>\r\n<CmdType> Keepalive </CmdType></Notify>")));
    }

    @Test
    void answersCatalogsAlarmsAndOtherRequestsAreNot() {
        assertFalse(UrgentRequests.urgent(request("MESSAGE", notify("Alarm"))));
        assertFalse(UrgentRequests.urgent(request("MESSAGE", "<Response><CmdType>Catalog</CmdType><Name>keepalive cam</Name></Response>")));
        assertFalse(UrgentRequests.urgent(request("NOTIFY", notify("Keepalive"))));
        assertFalse(UrgentRequests.urgent(request("INVITE", null)));
        assertFalse(UrgentRequests.urgent(request("MESSAGE", null)));
    }
}
