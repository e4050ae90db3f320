package io.gbmesh.protocol.sip;

/** One header line as received or to be sent: its name as spelled and its (unfolded) value. */
public record SipHeader(String name, String value) {
    public SipHeader {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("header name is empty");
        }
        value = value == null ? "" : value;
    }

    String key() {
        return SipHeaderNames.key(name);
    }
}
