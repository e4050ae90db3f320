package io.gbmesh.protocol.sip;

/**
 * Bounds on what we accept from the network. A UDP datagram is at most 65,507 bytes anyway; on TCP
 * the framer applies the same bounds so that a peer cannot make us buffer without end.
 */
public record SipLimits(int maxMessageBytes, int maxHeaderBytes, int maxHeaders, int maxBodyBytes) {
    public static final SipLimits DEFAULT = new SipLimits(256 * 1024, 16 * 1024, 96, 240 * 1024);

    public SipLimits {
        if (maxMessageBytes <= 0 || maxHeaderBytes <= 0 || maxHeaders <= 0 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("limits must be positive");
        }
    }
}
