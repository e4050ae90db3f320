package io.gbmesh.protocol.fuzz;

import io.gbmesh.protocol.manscdp.Alarm;
import io.gbmesh.protocol.manscdp.CatalogNotify;
import io.gbmesh.protocol.manscdp.CatalogResponse;
import io.gbmesh.protocol.manscdp.ConfigDownloadResponse;
import io.gbmesh.protocol.manscdp.ControlAnswers;
import io.gbmesh.protocol.manscdp.DeviceInfoResponse;
import io.gbmesh.protocol.manscdp.DeviceStatusResponse;
import io.gbmesh.protocol.manscdp.Keepalive;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
import io.gbmesh.protocol.ptz.PtzCommand;
import io.gbmesh.protocol.ptz.PtzParseException;
import io.gbmesh.protocol.sdp.MediaDescription;
import io.gbmesh.protocol.sdp.SdpParseException;
import io.gbmesh.protocol.sdp.SessionDescription;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/** The SIP bodies: SDP offers and answers, and MANSCDP documents with their typed views. */
public final class BodyFuzzTargets {

    private static final List<Function<ManscdpDocument, ?>> MANSCDP_VIEWS = List.of(
            Keepalive::from, Alarm::from, CatalogResponse::from, CatalogNotify::from, DeviceInfoResponse::from,
            DeviceStatusResponse::from, ConfigDownloadResponse::from,
            ControlAnswers::result, ControlAnswers::presets, ControlAnswers::homePosition, ControlAnswers::cruiseTracks,
            ControlAnswers::cruiseTrack, ControlAnswers::ptzPosition);

    private BodyFuzzTargets() {
    }

    public static FuzzTarget sdp() {
        return FuzzTarget.of("sdp", FuzzCorpus.sdpBodies(), FuzzTarget.UDP_MAX, (input, random) -> {
            SessionDescription sdp = SessionDescription.parse(new String(input, StandardCharsets.UTF_8));
            sdp.connectionAddress();
            sdp.setup();
            sdp.direction();
            sdp.connectionMode();
            sdp.downloadSpeed();
            sdp.fileSize();
            sdp.streamProfile();
            sdp.ssrc();
            for (MediaDescription media : sdp.media()) {
                media.rtpMaps();
                media.isTcp();
            }
            // what we answer or re-send must read back as the same description
            String encoded = sdp.encode();
            SessionDescription again = SessionDescription.parse(encoded);
            if (!again.equals(sdp)) {
                throw new AssertionError("SDP does not survive encode and parse: " + encoded);
            }
        }, thrown -> thrown instanceof SdpParseException);
    }

    /** The 8-byte PTZCmd of a DeviceControl: read, or refused; what is read writes back as the same hex. */
    public static FuzzTarget ptzCmd() {
        List<byte[]> seeds = List.of("A50F01029600004D", "A50F0100000000B5", "A50F018100020038", "A50F018200020039",
                "A50F01830002003A").stream().map(h -> h.getBytes(StandardCharsets.US_ASCII)).toList();
        return FuzzTarget.of("ptz-cmd", seeds, 64, (input, random) -> {
            String text = new String(input, StandardCharsets.ISO_8859_1);
            PtzCommand command = PtzCommand.parse(text);
            command.motion();
            command.lensMotion();
            if (!command.toHex().equalsIgnoreCase(text.strip())) {
                throw new AssertionError("PTZCmd does not survive parse and write: " + text);
            }
        }, thrown -> thrown instanceof PtzParseException);
    }

    public static FuzzTarget manscdp() {
        return FuzzTarget.of("manscdp", FuzzCorpus.manscdpBodies(), FuzzTarget.UDP_MAX, (input, random) -> {
            ManscdpDocument document = ManscdpCodec.parse(input);
            document.toString();
            for (Function<ManscdpDocument, ?> view : MANSCDP_VIEWS) {
                try {
                    view.apply(document);
                } catch (ManscdpParseException wrongKindOrMalformed) {
                    // each view refuses documents of another CmdType; the others still run
                }
            }
        }, thrown -> thrown instanceof ManscdpParseException);
    }
}
