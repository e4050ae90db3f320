package io.gbmesh.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The platform's answer to a device's INVITE for broadcast audio (GB/T 28181-2016 §9.12; reference
 * 6.12): the device offers {@code m=audio} with {@code a=recvonly}, and the platform answers that it
 * sends G.711 from its media node's address and port, with the complementary {@code a=setup} over TCP
 * and the offered {@code y=} SSRC. G.711 A-law is chosen when offered (reference 4.7 point 8: devices
 * play G.711A), else mu-law.
 *
 * <pre>{@code
 * TalkAnswerSdp talk = TalkAnswerSdp.answering(offer);   // throws when the offer has no G.711
 * SessionDescription answer = talk.build("34020000002000000001", "192.168.0.110", 30004, true);
 * }</pre>
 */
public final class TalkAnswerSdp {
    /** Static RTP payload types of G.711 (RFC 3551 §6). */
    public static final int PCMU = 0;
    public static final int PCMA = 8;

    private final SessionDescription offer;
    private final MediaDescription audio;
    private final int payloadType;

    private TalkAnswerSdp(SessionDescription offer, MediaDescription audio, int payloadType) {
        this.offer = offer;
        this.audio = audio;
        this.payloadType = payloadType;
    }

    /**
     * Reads a device's audio offer.
     *
     * @throws IllegalArgumentException when it has no {@code m=audio}, or offers neither PCMA nor PCMU
     */
    public static TalkAnswerSdp answering(SessionDescription offer) {
        MediaDescription audio = offer.media().stream().filter(m -> m.type().equalsIgnoreCase("audio")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("the offer has no m=audio"));
        int chosen = -1;
        if (offers(audio, PCMA, "PCMA")) {
            chosen = PCMA;
        } else if (offers(audio, PCMU, "PCMU")) {
            chosen = PCMU;
        }
        if (chosen < 0) {
            throw new IllegalArgumentException("the offer has neither PCMA nor PCMU: " + audio.mediaLine());
        }
        if (audio.port() < 1 || audio.port() > 65535) {
            throw new IllegalArgumentException("the offer's audio port " + audio.port() + " is not usable");
        }
        return new TalkAnswerSdp(offer, audio, chosen);
    }

    private static boolean offers(MediaDescription audio, int staticType, String name) {
        if (audio.payloadTypes().contains(staticType)) {
            return true;
        }
        // a dynamic payload type mapped to the codec's name
        return audio.rtpMaps().stream().anyMatch(m -> m.encodingName().equalsIgnoreCase(name) && m.clockRate() == 8000
                && audio.payloadTypes().contains(m.payloadType()));
    }

    /** The payload type we send: the offered one mapped to PCMA (or PCMU). */
    public int payloadType() {
        if (audio.payloadTypes().contains(payloadType)) {
            return payloadType;
        }
        String name = payloadType == PCMA ? "PCMA" : "PCMU";
        return audio.rtpMaps().stream().filter(m -> m.encodingName().equalsIgnoreCase(name)).findFirst()
                .map(RtpMap::payloadType).orElse(payloadType);
    }

    /** True for A-law, false for mu-law. */
    public boolean alaw() {
        return payloadType == PCMA;
    }

    /** Where the device takes the audio: its {@code c=} (media-level first) and its {@code m=audio} port. */
    public String deviceAddress() {
        return audio.connection().map(Connection::address).or(offer::connectionAddress).orElse(offer.origin().address());
    }

    public int devicePort() {
        return audio.port();
    }

    public boolean tcp() {
        return audio.isTcp();
    }

    /**
     * Our {@code a=setup} over TCP (RFC 4145): the complement of the device's. A device that says
     * {@code active} (or nothing) connects to us, so we listen; one that says {@code passive} listens,
     * so we connect; for {@code actpass} we listen, since devices reach platforms more easily than
     * the other way round (reference 4.7 point 7). Empty over UDP.
     */
    public Optional<Setup> ourSetup() {
        if (!tcp()) {
            return Optional.empty();
        }
        Optional<Setup> device = audio.attribute("setup").flatMap(Setup::fromValue).or(offer::setup);
        return Optional.of(device.map(s -> s == Setup.PASSIVE ? Setup.ACTIVE : Setup.PASSIVE).orElse(Setup.PASSIVE));
    }

    /** The SSRC we send with: the offer's {@code y=}, or empty when it has none. */
    public Optional<String> ssrc() {
        return offer.ssrc();
    }

    /**
     * Our answer: {@code o=} with our ID and the offer's session id and version, our address in
     * {@code c=}, {@code m=audio <port>} with the chosen payload, {@code a=sendonly}, its rtpmap, over
     * TCP our setup and {@code a=connection:new}, the offered {@code y=}, and the offered {@code f=}
     * when {@code echoFormat} (reference 6.12 does so over TCP).
     */
    public SessionDescription build(String serverId, String address, int port, boolean echoFormat) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad media port " + port);
        }
        Connection connection = Connection.of(address);
        int pt = payloadType();
        List<SdpAttribute> attributes = new ArrayList<>();
        attributes.add(SdpAttribute.property(Direction.SENDONLY.attributeName()));
        attributes.add(SdpAttribute.of("rtpmap", pt + " " + (alaw() ? "PCMA" : "PCMU") + "/8000"));
        ourSetup().ifPresent(setup -> {
            attributes.add(SdpAttribute.of("setup", setup.value()));
            attributes.add(SdpAttribute.of("connection", "new"));
        });
        MediaDescription media = new MediaDescription("audio", port, tcp() ? MediaDescription.TCP_RTP_AVP : MediaDescription.RTP_AVP,
                List.of(pt), Optional.empty(), attributes, List.of());
        Origin origin = new Origin(serverId, offer.origin().sessId(), offer.origin().sessVersion(), connection.netType(),
                connection.addrType(), address);
        return new SessionDescription(0, origin, offer.sessionName(), Optional.empty(), Optional.empty(), Optional.of(connection),
                Timing.UNBOUNDED, List.of(), List.of(), List.of(media), offer.ssrc(),
                echoFormat ? offer.mediaFormat() : Optional.empty());
    }
}
