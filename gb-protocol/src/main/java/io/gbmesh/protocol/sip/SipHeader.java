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

    /**
     * Whether this header's lookup key is {@code key} (lower case, as {@link SipHeaderNames#key} gives):
     * the same answer as {@code key().equals(key)} without making the lower-case copy — header lookups
     * run for every message, several per header.
     */
    boolean hasKey(String key) {
        return name.length() == 1 ? SipHeaderNames.key(name).equals(key) : name.equalsIgnoreCase(key);
    }
}
