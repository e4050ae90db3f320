package io.gbmesh.media;

import io.gbmesh.contracts.StreamStats;
import io.gbmesh.media.ingest.SharedUdpPort;
import io.gbmesh.runtime.PrometheusText;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;

/**
 * What the node tells about itself over HTTP: its streams with their counters ({@code /api/streams})
 * and its Prometheus metrics. Read on the node's context (the streams table is the node's; the
 * streams' own counters are read as they are, maybe a moment old).
 */
final class NodeReport {

    private final MediaNodeVerticle node;
    private final ViewerAdmission admission;

    NodeReport(MediaNodeVerticle node, ViewerAdmission admission) {
        this.node = node;
        this.admission = admission;
    }

    /**
     * Prometheus text: RTP packets, bytes, loss, frames and drops of the streams running now (gauges:
     * they fall when a stream ends), the node's load, and the refused requests since the start.
     */
    String metrics() {
        long packets = 0, bytes = 0, lost = 0, late = 0, foreign = 0, foreignSource = 0, frames = 0, viewers = 0,
                tcpRefused = 0;
        for (StreamSession s : node.sessions()) {
            StreamStats st = s.stats();
            packets += st.packets();
            bytes += st.bytes();
            lost += st.lost();
            late += st.late();
            foreign += st.foreignSsrcDropped();
            foreignSource += s.foreignSourceDropped();
            frames += st.frames();
            viewers += st.viewers();
            tcpRefused += s.ingest() == null ? 0 : s.ingest().connectionsRefused();
        }
        Map<String, Number> gauges = new HashMap<>(Map.of("rtp_packets", packets, "rtp_bytes", bytes,
                "rtp_lost", lost, "rtp_late", late, "rtp_foreign_ssrc_dropped", foreign,
                "rtp_foreign_source_dropped", foreignSource, "tcp_connections_refused", tcpRefused, "frames", frames));
        gauges.putAll(Map.of("streams_active", node.sessions().size(), "viewers", viewers,
                "rtp_ports_free", node.freePorts()));
        Map<String, Long> counters = new HashMap<>(admission.counters());
        io.gbmesh.media.talk.TalkService talks = node.talks();
        if (talks != null) {
            // the talks' WebSockets: refused (bad token or talk), a second socket on a talk, audio that is
            // not what was asked for, clients sending faster than real time, and pauses to hold them back
            io.gbmesh.media.talk.TalkService.SocketCounters c = talks.socketCounters();
            counters.put("talk_sockets_refused", c.refused());
            counters.put("talk_sockets_second", c.second());
            counters.put("talk_audio_refused", c.refusedAudio());
            counters.put("talk_sockets_oversent", c.overSent());
            counters.put("talk_sockets_paused", c.pauses());
            gauges.put("talks_active", talks.activeTalks());
            gauges.put("talk_audio_queued_bytes_max", talks.maxQueuedAudioBytes());
        }
        return PrometheusText.render("media", counters, gauges);
    }

    /** The counters of a stream's G.711 to AAC transcoding, or null when it runs none. */
    private static JsonObject transcoding(io.gbmesh.media.audio.AacTranscoding t) {
        return t == null ? null : new JsonObject().put("g711FramesIn", t.framesIn()).put("aacFramesOut", t.framesOut())
                .put("dropped", t.dropped());
    }

    JsonObject streams() {
        JsonArray list = new JsonArray();
        for (StreamSession s : node.sessions()) {
            list.add(new JsonObject()
                    .put("streamId", s.streamId())
                    .put("deviceId", s.open().deviceId())
                    .put("channelId", s.open().channelId())
                    .put("kind", String.valueOf(s.open().kind()))
                    .put("transport", s.transport().name())
                    .put("port", s.port())
                    .put("sharedPort", s.sharedPort())
                    .put("offeredSsrc", s.open().ssrc())
                    .put("started", s.isStarted())
                    .put("codec", s.codec().name())
                    .put("width", s.width())
                    .put("height", s.height())
                    .put("malformedPackets", s.malformedPackets())
                    .put("foreignSourceDropped", s.foreignSourceDropped())
                    .put("droppedViewers", s.droppedViewers())
                    .put("sinks", new JsonArray(s.sinkNames()))
                    .put("connectionErrors", s.ingest() == null ? 0 : s.ingest().connectionErrors())
                    .put("connectionsRefused", s.ingest() == null ? 0 : s.ingest().connectionsRefused())
                    .put("stats", JsonObject.mapFrom(s.stats()))
                    .put("idleMillis", s.idleMillis(System.nanoTime() / 1_000_000))
                    // Without its token: a viewer URL is the API's to give.
                    .put("flv", node.httpBaseUrl() + "/live/" + s.streamId() + ".flv")
                    .put("mp4", node.httpBaseUrl() + "/live/" + s.streamId() + ".mp4")
                    .put("hls", node.httpBaseUrl() + "/live/" + s.streamId() + "/index.m3u8")
                    .put("audioCodec", s.audioCodec().name())
                    .put("viewersByProtocol", new JsonObject(new HashMap<>(s.viewersByProtocol())))
                    .put("aacTranscoding", transcoding(s.transcoder()))
                    .put("push", s.pusher() == null ? null : new JsonObject().put("url", s.pusher().url())
                            .put("framesPushed", s.pusher().pushed()).put("framesDropped", s.pusher().dropped())
                            .put("error", s.pusher().error()))
                    .put("pushes", DistributionRoutes.pushes(s)));
        }
        JsonObject body = new JsonObject().put("node", node.nodeId()).put("freePorts", node.freePorts())
                .put("portsSkipped", node.ports().skipped()).put("viewers", admission.viewers()).put("streams", list);
        SharedUdpPort shared = node.sharedPort();
        if (shared != null) {
            body.put("sharedPort", new JsonObject().put("port", shared.port())
                    .put("unknownSsrcDropped", shared.unknownSsrcDropped()));
        }
        return body;
    }
}
