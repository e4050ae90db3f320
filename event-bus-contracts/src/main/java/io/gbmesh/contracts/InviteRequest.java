package io.gbmesh.contracts;

/**
 * Asks the gateway owning the device ({@link Addresses#INVITE}) to INVITE a channel to send to a
 * media node (reference 6.8). {@code profile} 0 main stream, 1 sub stream; {@code startTime} and
 * {@code endTime} (epoch seconds) for playback and download, 0 for live; {@code downloadSpeed} the
 * {@code a=downloadspeed} of a download (1..8; 0 for the gateway's default). Reply: {@link InviteAnswer};
 * failures carry {@link QueryFailure} codes (503 offline, 504 no answer, 502 refused).
 */
public record InviteRequest(String streamId, String deviceId, String channelId, StreamKind kind, String mediaHost,
                            int mediaPort, MediaTransport transport, String ssrc, int profile, long startTime,
                            long endTime, int downloadSpeed) implements MeshMessage {

    /** A request without a download speed: live, playback, or a download at the gateway's default. */
    public InviteRequest(String streamId, String deviceId, String channelId, StreamKind kind, String mediaHost, int mediaPort,
                         MediaTransport transport, String ssrc, int profile, long startTime, long endTime) {
        this(streamId, deviceId, channelId, kind, mediaHost, mediaPort, transport, ssrc, profile, startTime, endTime, 0);
    }
}
