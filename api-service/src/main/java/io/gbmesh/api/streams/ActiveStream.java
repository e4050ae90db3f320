package io.gbmesh.api.streams;

import io.gbmesh.contracts.MediaTransport;

/** A stream the orchestrator started: where it is received and played, and its dialog. */
public record ActiveStream(String streamId, String deviceId, String channelId, int profile, MediaTransport transport,
                           String mediaNode, String mediaHost, int mediaPort, String ssrc, String answeredSsrc,
                           String flvUrl, String pushUrl, String codec, int width, int height, long startedAt) {

    ActiveStream withMedia(String newCodec, int w, int h) {
        return new ActiveStream(streamId, deviceId, channelId, profile, transport, mediaNode, mediaHost, mediaPort, ssrc,
                answeredSsrc, flvUrl, pushUrl, newCodec, w, h, startedAt);
    }
}
