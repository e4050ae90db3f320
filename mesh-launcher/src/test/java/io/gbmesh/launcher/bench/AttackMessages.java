package io.gbmesh.launcher.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The raw SIP text of the soak's attack messages (bench/soak.sh): written by hand, not with the
 * project's builders, because half of them must be what no builder would write. Every request's top
 * Via branch names its kind and a sequence number ({@code z9hG4bKatk.<label>.<seq>}), so that the
 * answer, whatever it is, is counted against the attack that drew it.
 */
final class AttackMessages {
    static final String PLATFORM = "34020000002000000001";
    static final String DOMAIN = "3402000000";
    static final String RURI = "sip:" + PLATFORM + "@" + DOMAIN;

    private AttackMessages() {
    }

    /** A source as it puts itself in a Via: transport, host, port. */
    record Source(String transport, String host, int port) {
        String sentBy() {
            return host + ":" + port;
        }
    }

    static String branch(String label, long seq) {
        return "z9hG4bKatk." + label + "." + seq;
    }

    /** The label of an attack branch, or null for a branch that is not one of ours. */
    static String labelOf(String branch) {
        if (branch == null || !branch.startsWith("z9hG4bKatk.")) {
            return null;
        }
        int end = branch.lastIndexOf('.');
        return end <= 11 ? null : branch.substring(11, end);
    }

    /** A well-formed request, with the usual GB/T 28181 headers and a MANSCDP body when one is given. */
    static byte[] request(String method, Source src, String viaParams, String fromId, String label, long seq, String body) {
        StringBuilder b = new StringBuilder(256 + (body == null ? 0 : body.length()));
        b.append(method).append(' ').append(RURI).append(" SIP/2.0\r\n");
        b.append("Via: SIP/2.0/").append(src.transport()).append(' ').append(src.sentBy()).append(viaParams)
                .append(";branch=").append(branch(label, seq)).append("\r\n");
        b.append("From: <sip:").append(fromId).append('@').append(DOMAIN).append(">;tag=a").append(seq).append("\r\n");
        b.append("To: <sip:").append(method.equals("REGISTER") ? fromId : PLATFORM).append('@').append(DOMAIN).append(">\r\n");
        b.append("Call-ID: atk").append(seq).append('@').append(src.host()).append("\r\n");
        b.append("CSeq: ").append(seq % 100_000 + 1).append(' ').append(method).append("\r\n");
        b.append("Max-Forwards: 70\r\n");
        if (method.equals("REGISTER")) {
            b.append("Contact: <sip:").append(fromId).append('@').append(src.sentBy()).append(">\r\nExpires: 3600\r\n");
        }
        return finish(b, body);
    }

    /** A REGISTER with an Authorization header value (or none). */
    static byte[] register(Source src, String fromId, String label, long seq, String callId, long cseq, int expires, String authorization) {
        StringBuilder b = new StringBuilder(512);
        b.append("REGISTER ").append(RURI).append(" SIP/2.0\r\n");
        b.append("Via: SIP/2.0/").append(src.transport()).append(' ').append(src.sentBy()).append(";rport;branch=")
                .append(branch(label, seq)).append("\r\n");
        b.append("From: <sip:").append(fromId).append('@').append(DOMAIN).append(">;tag=r").append(callId.hashCode() & 0xffff).append("\r\n");
        b.append("To: <sip:").append(fromId).append('@').append(DOMAIN).append(">\r\n");
        b.append("Call-ID: ").append(callId).append("\r\n");
        b.append("CSeq: ").append(cseq).append(" REGISTER\r\n");
        b.append("Contact: <sip:").append(fromId).append('@').append(src.sentBy()).append(">\r\n");
        b.append("Max-Forwards: 70\r\nUser-Agent: IP Camera\r\nExpires: ").append(expires).append("\r\n");
        if (authorization != null) {
            b.append("Authorization: ").append(authorization).append("\r\n");
        }
        return finish(b, null);
    }

    private static byte[] finish(StringBuilder b, String body) {
        byte[] bodyBytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            b.append("Content-Type: Application/MANSCDP+xml\r\n");
        }
        b.append("Content-Length: ").append(bodyBytes.length).append("\r\n\r\n");
        byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + bodyBytes.length];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(bodyBytes, 0, out, head.length, bodyBytes.length);
        return out;
    }

    /** A 200 OK to a request the platform sent us (a query to a rogue camera): its headers echoed. */
    static byte[] ok(SipText request) {
        StringBuilder b = new StringBuilder("SIP/2.0 200 OK\r\n");
        for (String v : request.all("via")) {
            b.append("Via: ").append(v).append("\r\n");
        }
        b.append("From: ").append(request.header("from")).append("\r\n");
        b.append("To: ").append(request.header("to")).append(";tag=ok").append(request.header("call-id").hashCode() & 0xffff).append("\r\n");
        b.append("Call-ID: ").append(request.header("call-id")).append("\r\n");
        b.append("CSeq: ").append(request.header("cseq")).append("\r\n");
        return finish(b, null);
    }

    // ---- MANSCDP bodies

    static String keepalive(long sn, String deviceId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Notify>\r\n<CmdType>Keepalive</CmdType>\r\n<SN>" + sn
                + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n<Status>OK</Status>\r\n</Notify>\r\n";
    }

    /** A catalog notification that deletes one of the device's channels and adds a forged one. */
    static String catalogDelAdd(long sn, String deviceId, String realChannel, String forgedChannel) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Notify>\r\n<CmdType>Catalog</CmdType>\r\n<SN>" + sn
                + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n<SumNum>2</SumNum>\r\n<DeviceList Num=\"2\">\r\n"
                + "<Item>\r\n<DeviceID>" + realChannel + "</DeviceID>\r\n<Event>DEL</Event>\r\n</Item>\r\n"
                + item(forgedChannel, deviceId, "<Event>ADD</Event>\r\n")
                + "</DeviceList>\r\n</Notify>\r\n";
    }

    static String catalogResponse(long sn, String deviceId, String forgedChannel) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Response>\r\n<CmdType>Catalog</CmdType>\r\n<SN>" + sn
                + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n<SumNum>1</SumNum>\r\n<DeviceList Num=\"1\">\r\n"
                + item(forgedChannel, deviceId, "") + "</DeviceList>\r\n</Response>\r\n";
    }

    private static String item(String channelId, String parentId, String extra) {
        return "<Item>\r\n<DeviceID>" + channelId + "</DeviceID>\r\n<Name>" + SoakWatcher.FORGED + "-" + channelId
                + "</Name>\r\n<Manufacturer>" + SoakWatcher.FORGED + "</Manufacturer>\r\n<Model>X</Model>\r\n<Owner>X</Owner>\r\n"
                + "<CivilCode>" + DOMAIN + "</CivilCode>\r\n<Address>X</Address>\r\n<Parental>0</Parental>\r\n<ParentID>" + parentId
                + "</ParentID>\r\n<SafetyWay>0</SafetyWay>\r\n<RegisterWay>1</RegisterWay>\r\n<Secrecy>0</Secrecy>\r\n<Status>ON</Status>\r\n"
                + extra + "</Item>\r\n";
    }

    static String deviceInfoResponse(long sn, String deviceId) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Response>\r\n<CmdType>DeviceInfo</CmdType>\r\n<SN>" + sn
                + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n<DeviceName>" + SoakWatcher.FORGED + "-" + sn
                + "</DeviceName>\r\n<Result>OK</Result>\r\n<Manufacturer>" + SoakWatcher.FORGED + "</Manufacturer>\r\n<Model>X</Model>\r\n"
                + "<Firmware>X</Firmware>\r\n<Channel>1</Channel>\r\n</Response>\r\n";
    }

    static String notifyWithCmdType(long sn, String deviceId, String cmdType) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\r\n<Notify>\r\n<CmdType>" + cmdType + "</CmdType>\r\n<SN>" + sn
                + "</SN>\r\n<DeviceID>" + deviceId + "</DeviceID>\r\n</Notify>\r\n";
    }

    /** XML bombs of about 60 KB each (one UDP datagram); {@code qq} is the {@code <??>}×15000 body of the issue. */
    static final List<String> BOMBS = List.of("qq", "nest", "entities", "attrs", "longtext");

    static String bomb(String kind, String deviceId) {
        return switch (kind) {
            case "qq" -> "<??>".repeat(15_000);
            case "nest" -> "<?xml version=\"1.0\"?><Notify>" + "<a>".repeat(19_000);
            case "entities" -> "<?xml version=\"1.0\"?><!DOCTYPE Notify [<!ENTITY a \"" + "A".repeat(50) + "\">"
                    + entities() + "]><Notify><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>&j;</DeviceID></Notify>";
            case "attrs" -> {
                StringBuilder b = new StringBuilder("<?xml version=\"1.0\"?><Notify");
                for (int i = 0; i < 6000; i++) {
                    b.append(" a").append(i).append("=\"\"");
                }
                yield b.append("><CmdType>Keepalive</CmdType><SN>1</SN><DeviceID>").append(deviceId).append("</DeviceID></Notify>").toString();
            }
            case "longtext" -> "<?xml version=\"1.0\"?><Notify><CmdType>Keepalive</CmdType><SN>" + "9".repeat(58_000)
                    + "</SN><DeviceID>" + deviceId + "</DeviceID></Notify>";
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static String entities() {
        StringBuilder b = new StringBuilder();
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++) {
            b.append("<!ENTITY ").append(c).append(" \"").append(("&" + prev + ";").repeat(10)).append("\">");
            prev = c;
        }
        return b.toString();
    }

    /**
     * Requests that violate the RFC 3261 grammar, each built on an OPTIONS that the platform would
     * answer 200: none of them may get a 2xx. {@code %V} is the Via line, {@code %S} the sequence
     * number; the rest is as sent.
     */
    static final List<String[]> MALFORMED = List.of(
            new String[] {"displayname-unquoted-comma", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: Evil, Inc <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"displayname-unquoted-semicolon", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: Evil;Name <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"nameaddr-params-outside", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: \"x\" sip:x@" + DOMAIN + ";tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"nameaddr-unclosed", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ";tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"requestline-double-space", "OPTIONS  " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"requestline-trailing-space", "OPTIONS " + RURI + " SIP/2.0 \r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"requestline-leading-space", " OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"version-3", "OPTIONS " + RURI + " SIP/3.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"method-bad-chars", "OPT@ONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPT@ONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"ruri-not-uri", "OPTIONS not a uri SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"cseq-method-mismatch", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 REGISTER\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"cseq-not-number", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: one OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"no-call-id", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"max-forwards-not-number", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: many\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"header-without-colon", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"content-length-negative", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: -5\r\n\r\n"},
            new String[] {"content-length-twice", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\nContent-Length: 7\r\n\r\n"},
            new String[] {"nul-in-header", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\u0000x\r\nTo: <" + RURI + ">\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"},
            new String[] {"bare-lf-lines", "OPTIONS " + RURI + " SIP/2.0\n%V\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\nTo: <" + RURI + ">\nCall-ID: m%S\nCSeq: 1 OPTIONS\nMax-Forwards: 70\nContent-Length: 0\n\n"},
            new String[] {"to-empty-param", "OPTIONS " + RURI + " SIP/2.0\r\n%V\r\nFrom: <sip:x@" + DOMAIN + ">;tag=%S\r\nTo: <" + RURI + ">;;\r\nCall-ID: m%S\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n"});

    static byte[] malformed(int variant, Source src, long seq) {
        String via = "Via: SIP/2.0/" + src.transport() + " " + src.sentBy() + ";rport;branch=" + branch("malformed." + MALFORMED.get(variant)[0], seq);
        return MALFORMED.get(variant)[1].replace("%V", via).replace("%S", Long.toString(seq)).getBytes(StandardCharsets.ISO_8859_1);
    }
}
