package io.gbmesh.protocol.sip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SipBuilderTest {

    @Test
    void aResponseCopiesTheTransactionHeadersOfItsRequest() throws Exception {
        SipRequest register = (SipRequest) new SipParser().parse(SipVectors.bytes("05-dev-register-auth"));
        SipResponse ok = SipResponse.to(register, 200, null)
                .header("User-Agent", "wx_feiyangqingyun")
                .header("Date", "2025-04-22T10:48:38.234")
                .build();
        // byte-equal to the reference's 200 OK (6.1), whose shape we follow
        assertEquals(SipVectors.text("06-srv-register-200"), new String(ok.toBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void aFinalResponseGetsAToTagWhenTheRequestHadNone() throws Exception {
        SipRequest keepalive = (SipRequest) new SipParser().parse(SipVectors.bytes("13-dev-keepalive"));
        SipResponse ok = SipResponse.to(keepalive, 200, "abc").build();
        assertEquals("abc", ok.to().tag().orElseThrow());
        SipResponse trying = SipResponse.to(keepalive, 100, "abc").build();
        assertEquals(true, trying.to().tag().isEmpty());
    }

    @Test
    void aBuiltRequestComputesContentLengthAndRoundTrips() throws Exception {
        SipRequest query = SipRequest.builder("MESSAGE", SipUri.parse("sip:34020000001320000002@192.168.0.64:5060"))
                .via(Via.of("UDP", "192.168.0.110", 15060, "z3hG9bK9225da1aa0084d469ebc6f6694bf6dc8"))
                .from(NameAddress.parse("<sip:34020000002000000001@192.168.0.110:15060>").withTag("1019"))
                .to(NameAddress.parse("<sip:34020000001320000002@192.168.0.64:5060>"))
                .callId("35d87369b8b34488867dfbfbea2e91c2")
                .cseq(20, "MESSAGE")
                .header("User-Agent", "wx_feiyangqingyun")
                .header("Max-Forwards", 70)
                .header("Content-Length", 0)
                .body("application/MANSCDP+xml", ("<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n<Query>\r\n"
                        + "  <CmdType>DeviceInfo</CmdType>\r\n  <SN>10019</SN>\r\n"
                        + "  <DeviceID>34020000001320000002</DeviceID>\r\n</Query>\r\n").getBytes())
                .contact(NameAddress.parse("<sip:34020000002000000001@192.168.0.110:15060>"))
                .build();
        assertEquals(SipVectors.text("15-srv-query-deviceinfo"), new String(query.toBytes(), StandardCharsets.UTF_8));
        SipRequest again = (SipRequest) new SipParser().parse(query.toBytes());
        assertEquals(query.toString(), again.toString());
        SipRequest bumped = again.toBuilder().cseq(21, "MESSAGE").build();
        assertEquals(21, bumped.cseq().sequence());
    }

    @Test
    void reasonPhrasesCannotBreakTheFraming() throws Exception {
        SipRequest keepalive = (SipRequest) new SipParser().parse(SipVectors.bytes("13-dev-keepalive"));
        SipResponse bad = SipResponse.to(keepalive, 400, "t").reason("Bad\r\nInjected: yes").build();
        assertEquals("Bad Injected: yes", bad.reasonPhrase());
    }

    @Test
    void aResponseKnowsItsTransactionHeadersAsTheyReadOnTheWireAndAfterTheyAreChanged() throws Exception {
        SipRequest register = (SipRequest) new SipParser().parse(SipVectors.bytes("05-dev-register-auth"));
        SipResponse ok = SipResponse.to(register, 200, "t1").header("Expires", 3600).build();
        SipResponse reread = (SipResponse) new SipParser().parse(ok.toBytes());
        assertEquals(reread.vias().toString(), ok.vias().toString());
        assertEquals(reread.from().toString(), ok.from().toString());
        assertEquals(reread.to().toString(), ok.to().toString());
        assertEquals(reread.callId(), ok.callId());
        assertEquals(reread.cseq().toString(), ok.cseq().toString());

        SipResponse changed = SipResponse.to(register, 200, "t1")
                .set("To", NameAddress.parse("<sip:34020000002000000001@3402000000>;tag=other"))
                .callId("another-call")
                .build();
        assertEquals("other", changed.to().tag().orElseThrow());
        assertEquals("another-call", changed.callId());

        Via stamped = ok.topVia().stampSource("10.0.0.9", 5070);
        SipResponse restamped = ok.toBuilder().topVia(stamped).header("User-Agent", "gbmesh").build();
        SipResponse rereadStamped = (SipResponse) new SipParser().parse(restamped.toBytes());
        assertEquals(rereadStamped.vias().toString(), restamped.vias().toString());
        assertEquals("10.0.0.9", restamped.topVia().parameters().get("received").orElseThrow());
        assertEquals(rereadStamped.to().toString(), restamped.to().toString());
    }
}
