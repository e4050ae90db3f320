package io.gbmesh.protocol.sdp;

import java.util.Optional;

/** An {@code a=rtpmap:<pt> <encoding>/<clock>[/<params>]} attribute (RFC 4566 §6), e.g. {@code 96 PS/90000}. */
public record RtpMap(int payloadType, String encodingName, int clockRate, String encodingParameters) {

    static Optional<RtpMap> parse(String value) {
        String[] ptAndRest = SdpFields.split(value.strip(), 2);
        if (ptAndRest.length != 2) {
            return Optional.empty();
        }
        String[] parts = ptAndRest[1].split("/", 3);
        if (parts.length < 2) {
            return Optional.empty();
        }
        try {
            return Optional.of(new RtpMap(Integer.parseInt(ptAndRest[0]), parts[0], Integer.parseInt(parts[1]),
                    parts.length == 3 ? parts[2] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    String encode() {
        return payloadType + " " + encodingName + "/" + clockRate + (encodingParameters.isEmpty() ? "" : "/" + encodingParameters);
    }
}
