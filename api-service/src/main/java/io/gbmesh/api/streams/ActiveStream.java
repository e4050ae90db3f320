package io.gbmesh.api.streams;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;

/**
 * A stream the orchestrator started, as the cluster's stream table keeps it: its kind (live,
 * playback or download, the same session with another SDP {@code s=}), where it is received and
 * played, its dialog's SSRCs, and the media figures of its first frame.
 *
 * @param startTime       playback and download: the start of the range asked (epoch seconds); 0 for live
 * @param endTime         playback and download: its end; 0 for live
 * @param mediaHttpUrl    the node's HTTP base, where the viewer URLs ({@code /live/<id>.<ext>}) are
 * @param lastStallAt     the time of the last stall handled (so that one replica handles it), 0 before any
 * @param reinvites       re-INVITEs made after stalls
 * @param callId          the Call-ID of the stream's current INVITE dialog (a device's in-dialog MediaStatus names it)
 * @param segmentStart    playback and download: the start (epoch seconds) the current INVITE asked from: the range's
 *                        start, then the start of each next file a playback went on to ({@link NextFile})
 * @param segmentStartedAt when the current INVITE was answered (epoch millis)
 * @param fileEndedAt     the time of the last end of file handled (so that one replica handles it), 0 before any
 * @param endOfFileCallId the Call-ID of the dialog whose end of file was handled last (a device's second 121 for it is ignored)
 * @param advancing       a playback is moving to its next file (or a seek back before it): its dialog is being
 *                        replaced; set in the same table change that takes the end of file, cleared when the new
 *                        dialog is in place
 */
public record ActiveStream(String streamId, StreamKind kind, String deviceId, String channelId, int profile,
                           MediaTransport transport, long startTime, long endTime, String mediaNode, String mediaHost,
                           int mediaPort, String mediaHttpUrl, String ssrc, String answeredSsrc, String pushUrl,
                           String codec, int width, int height, long startedAt, long lastStallAt, int reinvites,
                           String callId, long segmentStart, long segmentStartedAt, long fileEndedAt,
                           String endOfFileCallId, boolean advancing) {

    /** The viewer URL of a container ({@code flv}, {@code mp4}), without its token. */
    public String viewerUrl(String extension) {
        return mediaHttpUrl + "/live/" + streamId + "." + extension;
    }

    /** The HLS playlist URL ({@code /live/<id>/index.m3u8}), without its token. */
    public String hlsUrl() {
        return mediaHttpUrl + "/live/" + streamId + "/index.m3u8";
    }

    ActiveStream withMedia(String newCodec, int w, int h) {
        return new ActiveStream(streamId, kind, deviceId, channelId, profile, transport, startTime, endTime, mediaNode,
                mediaHost, mediaPort, mediaHttpUrl, ssrc, answeredSsrc, pushUrl, newCodec, w, h, startedAt, lastStallAt,
                reinvites, callId, segmentStart, segmentStartedAt, fileEndedAt, endOfFileCallId, advancing);
    }

    ActiveStream withStall(long at) {
        return new ActiveStream(streamId, kind, deviceId, channelId, profile, transport, startTime, endTime, mediaNode,
                mediaHost, mediaPort, mediaHttpUrl, ssrc, answeredSsrc, pushUrl, codec, width, height, startedAt, at,
                reinvites + 1, callId, segmentStart, segmentStartedAt, fileEndedAt, endOfFileCallId, advancing);
    }

    /** The same stream re-opened on another media node: where it is received and played now, and the device's answer there. */
    ActiveStream onNode(String node, String host, int port, String httpUrl, String newAnsweredSsrc, String newPushUrl) {
        return new ActiveStream(streamId, kind, deviceId, channelId, profile, transport, startTime, endTime, node, host, port,
                httpUrl, ssrc, newAnsweredSsrc, newPushUrl, codec, width, height, startedAt, lastStallAt, reinvites, callId,
                segmentStart, segmentStartedAt, fileEndedAt, endOfFileCallId, advancing);
    }

    /** The device's end of file at {@code at}, in the current dialog, is being handled: the playback is advancing. */
    ActiveStream withFileEnded(long at) {
        return new ActiveStream(streamId, kind, deviceId, channelId, profile, transport, startTime, endTime, mediaNode,
                mediaHost, mediaPort, mediaHttpUrl, ssrc, answeredSsrc, pushUrl, codec, width, height, startedAt, lastStallAt,
                reinvites, callId, segmentStart, segmentStartedAt, at, callId, true);
    }

    /** The same stream carried on by a new INVITE dialog from {@code from} (the next file of a playback). */
    ActiveStream inNewDialog(long from, String newCallId, String newAnsweredSsrc, long at) {
        return new ActiveStream(streamId, kind, deviceId, channelId, profile, transport, startTime, endTime, mediaNode,
                mediaHost, mediaPort, mediaHttpUrl, ssrc, newAnsweredSsrc, pushUrl, codec, width, height, startedAt, lastStallAt,
                reinvites, newCallId, from, at, fileEndedAt, endOfFileCallId, false);
    }

    /** The playback's dialog is being replaced (true), or the replacement failed and the old one stays (false). */
    ActiveStream withAdvancing(boolean now) {
        return new ActiveStream(streamId, kind, deviceId, channelId, profile, transport, startTime, endTime, mediaNode,
                mediaHost, mediaPort, mediaHttpUrl, ssrc, answeredSsrc, pushUrl, codec, width, height, startedAt, lastStallAt,
                reinvites, callId, segmentStart, segmentStartedAt, fileEndedAt, endOfFileCallId, now);
    }

    /** A playback or download: a stream of recordings, which a device's end of file (MediaStatus 121) is about. */
    boolean recorded() {
        return kind == StreamKind.PLAYBACK || kind == StreamKind.DOWNLOAD;
    }

    /** The owner its SSRC was claimed for. */
    String ssrcOwner() {
        return deviceId + "_" + channelId;
    }
}
