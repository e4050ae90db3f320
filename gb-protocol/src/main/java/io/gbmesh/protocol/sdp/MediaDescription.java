package io.gbmesh.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An {@code m=} section (RFC 4566 §5.14) with its own {@code c=}, attributes in order, and lines this codec
 * does not interpret. GB28181 uses {@code RTP/AVP} for UDP and {@code TCP/RTP/AVP} for RTP over TCP.
 */
public record MediaDescription(String type, int port, String protocol, List<Integer> payloadTypes,
                               Optional<Connection> connection, List<SdpAttribute> attributes,
                               List<SdpLine> otherLines) {

    public static final String RTP_AVP = "RTP/AVP";
    public static final String TCP_RTP_AVP = "TCP/RTP/AVP";

    public MediaDescription {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(protocol, "protocol");
        payloadTypes = List.copyOf(payloadTypes);
        connection = Objects.requireNonNull(connection, "connection");
        attributes = List.copyOf(attributes);
        otherLines = List.copyOf(otherLines);
    }

    /** True when RTP runs over TCP (RFC 4571 framing), which is when {@code a=setup} matters. */
    public boolean isTcp() {
        return protocol.toUpperCase(java.util.Locale.ROOT).startsWith("TCP/");
    }

    /** The value of the first attribute with this name; empty for an absent or property attribute. */
    public Optional<String> attribute(String name) {
        return attributes.stream().filter(a -> a.name().equalsIgnoreCase(name) && a.value() != null)
                .map(SdpAttribute::value).findFirst();
    }

    public boolean hasAttribute(String name) {
        return attributes.stream().anyMatch(a -> a.name().equalsIgnoreCase(name));
    }

    /** The readable {@code a=rtpmap} attributes, in order. */
    public List<RtpMap> rtpMaps() {
        List<RtpMap> maps = new ArrayList<>();
        for (SdpAttribute attribute : attributes) {
            if (attribute.name().equalsIgnoreCase("rtpmap") && attribute.value() != null) {
                RtpMap.parse(attribute.value()).ifPresent(maps::add);
            }
        }
        return List.copyOf(maps);
    }

    String mediaLine() {
        StringBuilder line = new StringBuilder().append(type).append(' ').append(port).append(' ').append(protocol);
        payloadTypes.forEach(pt -> line.append(' ').append(pt));
        return line.toString();
    }
}
