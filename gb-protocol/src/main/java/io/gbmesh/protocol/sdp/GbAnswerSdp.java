package io.gbmesh.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SDP a device answers an INVITE with, for the device simulator, in the layout of the reference
 * devices (§6.8, §6.10, §6.11 of the reference notes): {@code s=} as offered, the device's own
 * {@code c=} and port, one PS payload, the complementary {@code a=setup}, {@code a=sendonly},
 * {@code a=filesize} and the offered {@code y=} SSRC.
 *
 * <pre>{@code
 * SessionDescription answer = GbAnswerSdp.answering(offer)
 *         .deviceId("34020000001320000002").sessionId(2851)
 *         .address("192.168.0.64").port(15060).build();
 * }</pre>
 */
public final class GbAnswerSdp {

    private String sessionName;
    private String protocol = MediaDescription.RTP_AVP;
    private Setup setup;
    private String ssrc;
    private String deviceId;
    private long sessionId;
    private String address;
    private int port = -1;
    private long fileSize;

    private GbAnswerSdp() {
    }

    /** An empty answer; set session name, protocol, setup and SSRC yourself. */
    public static GbAnswerSdp builder() {
        return new GbAnswerSdp();
    }

    /** An answer that mirrors the offer: same session name, protocol and SSRC, the complementary setup. */
    public static GbAnswerSdp answering(SessionDescription offer) {
        MediaDescription media = offer.firstMedia().orElseThrow(() -> new IllegalArgumentException("offer has no media"));
        GbAnswerSdp answer = new GbAnswerSdp();
        answer.sessionName = offer.sessionName();
        answer.protocol = media.protocol();
        answer.setup = offer.setup().map(Setup::answer).orElse(null);
        answer.ssrc = offer.ssrc().orElse(null);
        return answer;
    }

    public GbAnswerSdp sessionName(String value) {
        sessionName = value;
        return this;
    }

    /** {@code RTP/AVP} or {@code TCP/RTP/AVP}. */
    public GbAnswerSdp protocol(String value) {
        protocol = Objects.requireNonNull(value);
        return this;
    }

    /** The device's {@code a=setup}, or null for none. */
    public GbAnswerSdp setup(Setup value) {
        setup = value;
        return this;
    }

    public GbAnswerSdp ssrc(String value) {
        ssrc = value;
        return this;
    }

    /** The device ID that names the answer in {@code o=}. */
    public GbAnswerSdp deviceId(String value) {
        deviceId = value;
        return this;
    }

    /** {@code o=} session id, also used as its version, as devices do. */
    public GbAnswerSdp sessionId(long value) {
        sessionId = value;
        return this;
    }

    /** The device's media address. */
    public GbAnswerSdp address(String value) {
        address = value;
        return this;
    }

    /** The device's media port: where it sends from, or listens on with {@code setup:passive}. */
    public GbAnswerSdp port(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("bad media port " + value);
        }
        port = value;
        return this;
    }

    /** {@code a=filesize}: the recording's size in bytes; 0 for live play. */
    public GbAnswerSdp fileSize(long value) {
        fileSize = value;
        return this;
    }

    public SessionDescription build() {
        if (sessionName == null || deviceId == null || address == null || port < 0 || ssrc == null) {
            throw new IllegalStateException("sessionName, deviceId, address, port and ssrc are required");
        }
        Connection connection = Connection.of(address);
        List<SdpAttribute> attributes = new ArrayList<>();
        if (setup != null) {
            attributes.add(SdpAttribute.of("setup", setup.value()));
        }
        attributes.add(SdpAttribute.property(Direction.SENDONLY.attributeName()));
        attributes.add(GbInviteSdp.RTPMAPS.get(0));
        attributes.add(SdpAttribute.of("filesize", Long.toString(fileSize)));
        MediaDescription video = new MediaDescription("video", port, protocol, List.of(96), Optional.empty(), attributes, List.of());
        String id = Long.toString(sessionId);
        return new SessionDescription(0,
                new Origin(deviceId, id, id, connection.netType(), connection.addrType(), address),
                sessionName, Optional.empty(), Optional.empty(), Optional.of(connection), Timing.UNBOUNDED,
                List.of(), List.of(), List.of(video), Optional.of(ssrc), Optional.empty());
    }
}
