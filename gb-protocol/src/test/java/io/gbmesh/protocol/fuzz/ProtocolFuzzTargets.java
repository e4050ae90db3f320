package io.gbmesh.protocol.fuzz;

import java.util.List;

/** Every codec of gb-protocol under fuzzing, in the order reports list them. */
public final class ProtocolFuzzTargets {

    private ProtocolFuzzTargets() {
    }

    public static List<FuzzTarget> all() {
        return List.of(SipFuzzTargets.parser(), SipFuzzTargets.framer(), BodyFuzzTargets.sdp(),
                BodyFuzzTargets.manscdp(), MediaFuzzTargets.rtp(), MediaFuzzTargets.ps(), BodyFuzzTargets.ptzCmd());
    }
}
