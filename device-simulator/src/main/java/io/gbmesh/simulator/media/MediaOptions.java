package io.gbmesh.simulator.media;

/**
 * How a simulated device serves INVITEs.
 *
 * @param mediaFile    a PS file to stream instead of the bundled camera capture (704x576 H.264), or null
 * @param inviteStatus the final answer to an INVITE: 200 accepts; another status (e.g. 488) refuses;
 *                     0 answers only 100 Trying and never more, as a device that hangs
 * @param answeredSsrc the SSRC put in the answer's {@code y=} instead of the offered one (a vendor quirk), or null
 * @param sentSsrc     the SSRC the RTP packets carry when it differs from the answered one (another quirk), or null
 */
public record MediaOptions(String mediaFile, int inviteStatus, String answeredSsrc, String sentSsrc) {
    /** Bundled media, INVITEs accepted, the offered SSRC answered and sent. */
    public static final MediaOptions DEFAULT = new MediaOptions(null, 200, null, null);

    public MediaOptions withMediaFile(String file) {
        return new MediaOptions(file, inviteStatus, answeredSsrc, sentSsrc);
    }

    public MediaOptions withInviteStatus(int status) {
        return new MediaOptions(mediaFile, status, answeredSsrc, sentSsrc);
    }

    public MediaOptions withAnsweredSsrc(String ssrc) {
        return new MediaOptions(mediaFile, inviteStatus, ssrc, sentSsrc);
    }

    public MediaOptions withSentSsrc(String ssrc) {
        return new MediaOptions(mediaFile, inviteStatus, answeredSsrc, ssrc);
    }
}
