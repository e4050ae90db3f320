package io.gbmesh.protocol.sdp;

import java.util.Objects;

/**
 * An {@code a=} line: {@code a=name:value}, or a property attribute {@code a=name} whose value is null
 * (RFC 4566 §5.13).
 */
public record SdpAttribute(String name, String value) {

    public SdpAttribute {
        Objects.requireNonNull(name, "name");
    }

    public static SdpAttribute of(String name, String value) {
        return new SdpAttribute(name, value);
    }

    public static SdpAttribute property(String name) {
        return new SdpAttribute(name, null);
    }

    static SdpAttribute parse(String text) {
        int colon = text.indexOf(':');
        return colon < 0 ? property(text) : of(text.substring(0, colon), text.substring(colon + 1));
    }

    String encode() {
        return value == null ? name : name + ":" + value;
    }
}
