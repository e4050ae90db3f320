package io.gbmesh.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The SDP offer the platform puts in an INVITE to a device (GB/T 28181-2016 §9.2, §9.8, §9.9, annex G),
 * in the exact layout of the reference platform: {@code o=} and {@code u=} name the channel, {@code c=}
 * and {@code m=} the media node's receiving address, then {@code a=recvonly}, the TCP setup lines, the
 * PS/MPEG4/H264 rtpmaps, optional {@code downloadspeed} and {@code streamprofile}, and {@code y=} SSRC.
 *
 * <pre>{@code
 * SessionDescription offer = GbInviteSdp.builder()
 *         .channelId("34020000001310000001").kind(GbSessionKind.PLAY)
 *         .mediaAddress("192.168.0.110").mediaPort(8888).transport(MediaTransport.TCP_ACTIVE)
 *         .ssrc("0000010000").build();
 * }</pre>
 */
public final class GbInviteSdp {

    /** Payload types offered, in the order devices expect: PS first, since GB28181 streams are PS. */
    static final List<SdpAttribute> RTPMAPS = List.of(
            SdpAttribute.of("rtpmap", "96 PS/90000"),
            SdpAttribute.of("rtpmap", "97 MPEG4/90000"),
            SdpAttribute.of("rtpmap", "98 H264/90000"));

    private String channelId;
    private GbSessionKind kind = GbSessionKind.PLAY;
    private Timing timing;
    private String mediaAddress;
    private int mediaPort = -1;
    private MediaTransport transport = MediaTransport.UDP;
    private Integer downloadSpeed;
    private Integer streamProfile;
    private String ssrc;

    private GbInviteSdp() {
    }

    public static GbInviteSdp builder() {
        return new GbInviteSdp();
    }

    /** The 20-digit channel ID being invited; it names the session in {@code o=} and {@code u=}. */
    public GbInviteSdp channelId(String value) {
        channelId = value;
        return this;
    }

    public GbInviteSdp kind(GbSessionKind value) {
        kind = Objects.requireNonNull(value);
        return this;
    }

    /** The recording's range in epoch seconds; required for playback and download, refused for play. */
    public GbInviteSdp timeRange(long startEpochSeconds, long endEpochSeconds) {
        if (startEpochSeconds < 0 || endEpochSeconds < startEpochSeconds) {
            throw new IllegalArgumentException("bad time range " + startEpochSeconds + ".." + endEpochSeconds);
        }
        timing = new Timing(startEpochSeconds, endEpochSeconds);
        return this;
    }

    /** The media node's address the device sends to (or is connected from). */
    public GbInviteSdp mediaAddress(String value) {
        mediaAddress = value;
        return this;
    }

    public GbInviteSdp mediaPort(int value) {
        if (value < 1 || value > 65535) {
            throw new IllegalArgumentException("bad media port " + value);
        }
        mediaPort = value;
        return this;
    }

    public GbInviteSdp transport(MediaTransport value) {
        transport = Objects.requireNonNull(value);
        return this;
    }

    /** {@code a=downloadspeed}: the replay speed factor for downloads (the reference also sends 0 on Play). */
    public GbInviteSdp downloadSpeed(int value) {
        downloadSpeed = value;
        return this;
    }

    /** {@code a=streamprofile}: 0 main stream, 1 sub stream. */
    public GbInviteSdp streamProfile(int value) {
        streamProfile = value;
        return this;
    }

    /** {@code y=}: ten decimal digits, the first 0 for live and 1 for recorded, then realm and sequence. */
    public GbInviteSdp ssrc(String value) {
        if (!isSsrc(value)) {
            throw new IllegalArgumentException("SSRC must be 10 digits: " + value);
        }
        ssrc = value;
        return this;
    }

    /** True when the value is a GB SSRC: exactly ten decimal digits. */
    public static boolean isSsrc(String value) {
        return SdpFields.isDigits(value, 10);
    }

    public SessionDescription build() {
        require(channelId != null && !channelId.isBlank(), "channelId");
        require(mediaAddress != null && !mediaAddress.isBlank(), "mediaAddress");
        require(mediaPort > 0, "mediaPort");
        require(ssrc != null, "ssrc");
        if (kind.isRecorded() && timing == null) {
            throw new IllegalStateException(kind + " needs a time range");
        }
        if (!kind.isRecorded() && timing != null) {
            throw new IllegalStateException("PLAY takes no time range");
        }
        Connection connection = Connection.of(mediaAddress);
        List<SdpAttribute> attributes = new ArrayList<>();
        attributes.add(SdpAttribute.property(Direction.RECVONLY.attributeName()));
        transport.offeredSetup().ifPresent(setup -> {
            attributes.add(SdpAttribute.of("setup", setup.value()));
            attributes.add(SdpAttribute.of("connection", "new"));
        });
        attributes.addAll(RTPMAPS);
        if (downloadSpeed != null) {
            attributes.add(SdpAttribute.of("downloadspeed", downloadSpeed.toString()));
        }
        if (streamProfile != null) {
            attributes.add(SdpAttribute.of("streamprofile", streamProfile.toString()));
        }
        MediaDescription video = new MediaDescription("video", mediaPort, transport.protocol(), List.of(96, 97, 98),
                Optional.empty(), attributes, List.of());
        return new SessionDescription(0,
                new Origin(channelId, "0", "0", connection.netType(), connection.addrType(), mediaAddress),
                kind.sessionName(), Optional.empty(), Optional.of(channelId + ":0"), Optional.of(connection),
                timing == null ? Timing.UNBOUNDED : timing, List.of(), List.of(), List.of(video),
                Optional.of(ssrc), Optional.empty());
    }

    private static void require(boolean condition, String field) {
        if (!condition) {
            throw new IllegalStateException(field + " is required");
        }
    }
}
