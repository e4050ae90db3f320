package io.gbmesh.protocol.fuzz;

import io.gbmesh.protocol.manscdp.Alarm;
import io.gbmesh.protocol.manscdp.CatalogNotify;
import io.gbmesh.protocol.manscdp.CatalogResponse;
import io.gbmesh.protocol.manscdp.ConfigDownloadResponse;
import io.gbmesh.protocol.manscdp.DeviceInfoResponse;
import io.gbmesh.protocol.manscdp.DeviceStatusResponse;
import io.gbmesh.protocol.manscdp.Keepalive;
import io.gbmesh.protocol.manscdp.ManscdpCodec;
import io.gbmesh.protocol.manscdp.ManscdpDocument;
import io.gbmesh.protocol.manscdp.ManscdpParseException;
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
            DeviceStatusResponse::from, ConfigDownloadResponse::from);

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
