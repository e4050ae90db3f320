package io.gbmesh.protocol.sdp;

/** A line this codec does not interpret ({@code e=}, {@code b=}, {@code k=}, ...), kept so it is sent on unchanged. */
public record SdpLine(char type, String value) {

    String encode() {
        return type + "=" + value;
    }
}
