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
        if (!isInteger(ptAndRest[0]) || !isInteger(parts[1])) {
            return Optional.empty(); // checked first: a NumberFormatException per bad attribute costs its stack trace
        }
        try {
            return Optional.of(new RtpMap(Integer.parseInt(ptAndRest[0]), parts[0], Integer.parseInt(parts[1]),
                    parts.length == 3 ? parts[2] : ""));
        } catch (NumberFormatException e) {
            return Optional.empty(); // out of int range
        }
    }

    /** What {@link Integer#parseInt} reads, bar the range: an optional sign, then 1 to 10 digits. */
    private static boolean isInteger(String s) {
        int start = !s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-') ? 1 : 0;
        int digits = s.length() - start;
        if (digits < 1 || digits > 10) {
            return false;
        }
        for (int i = start; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    String encode() {
        return payloadType + " " + encodingName + "/" + clockRate + (encodingParameters.isEmpty() ? "" : "/" + encodingParameters);
    }
}
