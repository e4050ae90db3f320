package io.gbmesh.protocol.manscdp;

/**
 * Parses bodies of SIP MESSAGE/NOTIFY/SUBSCRIBE with {@code Content-Type: Application/MANSCDP+xml}
 * (GB/T 28181-2016 §9 and annex A). Tolerant of what real devices send (lying charset declarations,
 * NUL padding, case variants, empty elements), strict on structure: every failure is a
 * {@link ManscdpParseException}. Building bodies is {@link ManscdpQueries} and {@link ManscdpDeviceMessages}.
 */
public final class ManscdpCodec {

    /**
     * Larger bodies are refused before decoding: a full catalog page is a few kilobytes, and 64 KiB is
     * the most a UDP datagram carries (the SDP limit is the same).
     */
    public static final int MAX_BODY_BYTES = 64 * 1024;
    /**
     * Elements (attributes included) in one body; bounds the work a single message can cause. A 64 KiB
     * catalog page of real items has about 2,700; start tags are counted before the XML is read.
     */
    public static final int MAX_ELEMENTS = 4_096;

    private ManscdpCodec() {
    }

    public static ManscdpDocument parse(byte[] body) {
        if (body == null) {
            throw new ManscdpParseException("empty body");
        }
        return parse(body, 0, body.length);
    }

    public static ManscdpDocument parse(byte[] body, int offset, int length) {
        if (body == null || length == 0) {
            throw new ManscdpParseException("empty body");
        }
        if (offset < 0 || length < 0 || offset + length > body.length) {
            throw new IllegalArgumentException("offset/length outside the buffer");
        }
        if (length > MAX_BODY_BYTES) {
            throw new ManscdpParseException("body of " + length + " bytes exceeds " + MAX_BODY_BYTES);
        }
        String xml = ManscdpBodyDecoder.decode(body, offset, length);
        ManscdpElement rootElement = ManscdpTreeReader.read(xml, MAX_ELEMENTS);
        ManscdpRoot root = ManscdpRoot.fromElementName(rootElement.name())
                .orElseThrow(() -> new ManscdpParseException("unknown root element " + rootElement.name()));
        String cmdType = rootElement.childText("CmdType")
                .filter(text -> !text.isEmpty())
                .orElseThrow(() -> new ManscdpParseException("missing CmdType"));
        String snText = rootElement.childText("SN")
                .orElseThrow(() -> new ManscdpParseException("missing SN"));
        long sn = ManscdpNumbers.requireLong("SN", snText);
        if (sn < 0) {
            throw new ManscdpParseException("SN is negative: " + snText);
        }
        String deviceId = rootElement.childTextOrEmpty("DeviceID");
        return new ManscdpDocument(root, cmdType, sn, deviceId, rootElement);
    }
}
