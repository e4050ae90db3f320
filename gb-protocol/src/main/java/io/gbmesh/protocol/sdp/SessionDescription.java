package io.gbmesh.protocol.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An {@code application/sdp} body (RFC 4566) with the GB28181 additions: {@code y=} SSRC and {@code f=}
 * media format lines, and the {@code downloadspeed}, {@code filesize} and {@code streamprofile}
 * attributes (GB/T 28181-2016 annex G). Immutable; {@link #encode()} writes CRLF lines in the order
 * v o s i u c t a m... y f, as GB28181 peers expect.
 *
 * <p>The GB accessors ({@link #setup()}, {@link #direction()}, ...) look in the first media section, then
 * at session level: GB sessions carry one media stream and devices put attributes at either level.
 */
public final class SessionDescription {

    private final int version;
    private final Origin origin;
    private final String sessionName;
    private final Optional<String> information;
    private final Optional<String> uri;
    private final Optional<Connection> connection;
    private final Timing timing;
    private final List<SdpAttribute> attributes;
    private final List<SdpLine> otherLines;
    private final List<MediaDescription> media;
    private final Optional<String> ssrc;
    private final Optional<String> mediaFormat;
    /** The encoding, made once: the value is immutable and equals, hashCode and toString all use it. */
    private String encoded;

    SessionDescription(int version, Origin origin, String sessionName, Optional<String> information,
                       Optional<String> uri, Optional<Connection> connection, Timing timing,
                       List<SdpAttribute> attributes, List<SdpLine> otherLines, List<MediaDescription> media,
                       Optional<String> ssrc, Optional<String> mediaFormat) {
        this.version = version;
        this.origin = Objects.requireNonNull(origin, "origin");
        this.sessionName = Objects.requireNonNull(sessionName, "sessionName");
        this.information = information;
        this.uri = uri;
        this.connection = connection;
        this.timing = Objects.requireNonNull(timing, "timing");
        this.attributes = List.copyOf(attributes);
        this.otherLines = List.copyOf(otherLines);
        this.media = List.copyOf(media);
        this.ssrc = ssrc;
        this.mediaFormat = mediaFormat;
    }

    /** Parses SDP text; lines may end in {@code \n} or {@code \r\n}. */
    public static SessionDescription parse(String text) {
        return SdpParser.parse(text);
    }

    public int version() {
        return version;
    }

    public Origin origin() {
        return origin;
    }

    /** {@code Play}, {@code Playback}, {@code Download} or {@code Talk} in GB28181. */
    public String sessionName() {
        return sessionName;
    }

    /** {@code i=} at session level. */
    public Optional<String> information() {
        return information;
    }

    /** {@code u=}, e.g. {@code 34020000001310000001:0} naming the channel for playback and download. */
    public Optional<String> uri() {
        return uri;
    }

    /** The session-level {@code c=} line only. */
    public Optional<Connection> connection() {
        return connection;
    }

    /** Where media goes: the session-level {@code c=} address, else the first media section's. */
    public Optional<String> connectionAddress() {
        return connection.or(() -> media.stream().flatMap(m -> m.connection().stream()).findFirst())
                .map(Connection::address);
    }

    public Timing timing() {
        return timing;
    }

    public List<MediaDescription> media() {
        return media;
    }

    /** The first media section, which is the stream in a GB28181 session. */
    public Optional<MediaDescription> firstMedia() {
        return media.isEmpty() ? Optional.empty() : Optional.of(media.get(0));
    }

    /** Session-level attributes in order. */
    public List<SdpAttribute> attributes() {
        return attributes;
    }

    /** Session-level lines this codec does not interpret, in order. */
    public List<SdpLine> otherLines() {
        return otherLines;
    }

    /** {@code y=}: the SSRC the stream will carry, as a decimal string (10 digits in GB28181). */
    public Optional<String> ssrc() {
        return ssrc;
    }

    /** {@code f=}: the GB28181 media format line, e.g. {@code v/2/4///a///}. */
    public Optional<String> mediaFormat() {
        return mediaFormat;
    }

    /** An attribute's value from the first media section, else from session level. */
    public Optional<String> attribute(String name) {
        return firstMedia().flatMap(m -> m.attribute(name))
                .or(() -> attributes.stream().filter(a -> a.name().equalsIgnoreCase(name) && a.value() != null)
                        .map(SdpAttribute::value).findFirst());
    }

    public Optional<Setup> setup() {
        return attribute("setup").flatMap(Setup::fromValue);
    }

    /** {@code a=connection}: {@code new} or {@code existing} (RFC 4145 §5). */
    public Optional<String> connectionMode() {
        return attribute("connection");
    }

    public Optional<Direction> direction() {
        Optional<Direction> inMedia = firstMedia().flatMap(m -> directionIn(m.attributes()));
        return inMedia.isPresent() ? inMedia : directionIn(attributes);
    }

    public OptionalInt downloadSpeed() {
        return intAttribute("downloadspeed");
    }

    /** {@code a=filesize}: a device's size of the recording it is about to send, in bytes. */
    public OptionalLong fileSize() {
        Optional<String> value = attribute("filesize");
        try {
            return value.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(value.get().strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** {@code a=streamprofile}: 0 for the main stream, 1 for the sub stream. */
    public OptionalInt streamProfile() {
        return intAttribute("streamprofile");
    }

    /** The body with CRLF line ends, including after the last line. */
    public String encode() {
        String done = encoded;
        if (done == null) {
            done = write();
            encoded = done;
        }
        return done;
    }

    private String write() {
        StringBuilder out = new StringBuilder(256);
        line(out, 'v', Integer.toString(version));
        line(out, 'o', origin.encode());
        line(out, 's', sessionName);
        information.ifPresent(value -> line(out, 'i', value));
        uri.ifPresent(value -> line(out, 'u', value));
        otherLines(out, otherLines, "ep");
        connection.ifPresent(value -> line(out, 'c', value.encode()));
        otherLines(out, otherLines, "b");
        line(out, 't', timing.encode());
        otherLinesExcept(out, otherLines, "epb");
        attributes.forEach(attribute -> line(out, 'a', attribute.encode()));
        for (MediaDescription section : media) {
            line(out, 'm', section.mediaLine());
            otherLines(out, section.otherLines(), "i");
            section.connection().ifPresent(value -> line(out, 'c', value.encode()));
            otherLinesExcept(out, section.otherLines(), "i");
            section.attributes().forEach(attribute -> line(out, 'a', attribute.encode()));
        }
        ssrc.ifPresent(value -> line(out, 'y', value));
        mediaFormat.ifPresent(value -> line(out, 'f', value));
        return out.toString();
    }

    @Override
    public String toString() {
        return encode();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SessionDescription that && encode().equals(that.encode());
    }

    @Override
    public int hashCode() {
        return encode().hashCode();
    }

    private OptionalInt intAttribute(String name) {
        Optional<String> value = attribute(name);
        try {
            return value.isEmpty() ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(value.get().strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    private static Optional<Direction> directionIn(List<SdpAttribute> list) {
        return list.stream().filter(a -> a.value() == null)
                .flatMap(a -> Direction.fromAttributeName(a.name()).stream()).findFirst();
    }

    private static void line(StringBuilder out, char type, String value) {
        out.append(type).append('=').append(value).append("\r\n");
    }

    /** RFC 4566 puts e= and p= before c=, b= after it, and r=, z=, k= after t=; unknown types go last too. */
    private static void otherLines(StringBuilder out, List<SdpLine> lines, String types) {
        lines.stream().filter(l -> types.indexOf(l.type()) >= 0).forEach(l -> out.append(l.encode()).append("\r\n"));
    }

    private static void otherLinesExcept(StringBuilder out, List<SdpLine> lines, String types) {
        lines.stream().filter(l -> types.indexOf(l.type()) < 0).forEach(l -> out.append(l.encode()).append("\r\n"));
    }
}
