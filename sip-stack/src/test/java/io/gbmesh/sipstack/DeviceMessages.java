package io.gbmesh.sipstack;

import java.nio.charset.StandardCharsets;

/**
 * Requests as a GB/T 28181 camera writes them (the shapes of the keepalive and REGISTER in the
 * reference), with the Via sent-by, its parameters and the branch chosen by the test.
 */
final class DeviceMessages {
    static final String KEEPALIVE_BODY = "<?xml version=\"1.0\" encoding=\"GB2312\"?>\r\n"
            + "<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>9</SN>\r\n"
            + "<DeviceID>34020000001320000002</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n";

    private DeviceMessages() {
    }

    /** A keepalive MESSAGE; {@code via} is everything after {@code SIP/2.0/UDP }, e.g. {@code 127.0.0.1:5060;rport;branch=z9hG4bK1}. */
    static byte[] keepalive(String via, int cseq) {
        return keepalive("UDP", via, cseq);
    }

    static byte[] keepalive(String transport, String via, int cseq) {
        return message("MESSAGE sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + via + "\r\n"
                + "From: <sip:34020000001320000002@3402000000>;tag=287801969\r\n"
                + "To: <sip:34020000002000000001@3402000000>\r\n"
                + "Call-ID: 594186441-" + cseq + "\r\n"
                + "CSeq: " + cseq + " MESSAGE\r\n"
                + "Content-Type: Application/MANSCDP+xml\r\n"
                + "Max-Forwards: 70\r\n"
                + "User-Agent: IP Camera\r\n", KEEPALIVE_BODY);
    }

    static byte[] register(String transport, String via) {
        return message("REGISTER sip:34020000002000000001@3402000000 SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + via + "\r\n"
                + "From: <sip:34020000001320000002@3402000000>;tag=33226951\r\n"
                + "To: <sip:34020000001320000002@3402000000>\r\n"
                + "Call-ID: 1455222403\r\n"
                + "CSeq: 1 REGISTER\r\n"
                + "Contact: <sip:34020000001320000002@127.0.0.1:5060>\r\n"
                + "Max-Forwards: 70\r\n"
                + "User-Agent: IP Camera\r\n"
                + "Expires: 3600\r\n", "");
    }

    /** Start line and headers as given, then Content-Length of the body, a blank line and the body. */
    static byte[] message(String head, String body) {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return (head + "Content-Length: " + b.length + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
