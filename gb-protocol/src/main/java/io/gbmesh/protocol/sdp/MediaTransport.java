package io.gbmesh.protocol.sdp;

import java.util.Optional;

/**
 * How the platform asks for RTP: over UDP, or over TCP with the platform's media node listening
 * ({@code TCP_PASSIVE}, the device connects to the offered port) or connecting
 * ({@code TCP_ACTIVE}, to the port in the device's answer). GB/T 28181-2016 §9.2, RFC 4571, RFC 4145.
 */
public enum MediaTransport {
    UDP(MediaDescription.RTP_AVP, Optional.empty()),
    TCP_PASSIVE(MediaDescription.TCP_RTP_AVP, Optional.of(Setup.PASSIVE)),
    TCP_ACTIVE(MediaDescription.TCP_RTP_AVP, Optional.of(Setup.ACTIVE));

    private final String protocol;
    private final Optional<Setup> offeredSetup;

    MediaTransport(String protocol, Optional<Setup> offeredSetup) {
        this.protocol = protocol;
        this.offeredSetup = offeredSetup;
    }

    /** The {@code m=} protocol field. */
    public String protocol() {
        return protocol;
    }

    /** The platform's {@code a=setup} in the offer; empty for UDP. */
    public Optional<Setup> offeredSetup() {
        return offeredSetup;
    }
}
