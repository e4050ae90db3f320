package io.gbmesh.media;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.media.testing.HeldViewer;
import io.gbmesh.media.testing.Http;
import io.gbmesh.media.testing.NodeHarness;
import io.gbmesh.media.testing.NodeTest;
import io.gbmesh.runtime.MediaUrlToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nothing the node serves is public: signed viewer URLs, an authorized node API, capped viewers. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class MediaNodeAccessTest extends NodeTest {

    private static final String SSRC = "0100000005";

    @Test
    void a_viewer_url_without_a_valid_token_is_refused_and_counted() throws Exception {
        h = NodeHarness.start();
        h.open("guarded", MediaTransport.UDP, SSRC, false);
        String url = h.unsignedFlvUrl("guarded");
        long now = System.currentTimeMillis();
        assertEquals(401, Http.status(url), "no token");
        String forged = new MediaUrlToken("a-stranger-s-own-secret", 60).issue(MediaUrlToken.LIVE, "guarded", now);
        assertEquals(401, Http.status(url + "?token=" + forged), "signed with another secret");
        assertEquals(401, Http.status(url + "?token=" + h.tokens.issueUntil(MediaUrlToken.LIVE, "guarded", now / 1000 - 1)),
                "expired");
        assertEquals(401, Http.status(url + "?token=" + h.tokens.issue(MediaUrlToken.LIVE, "another-stream", now)),
                "a token of another stream");
        assertEquals(401, Http.status(url + "?token=" + h.apiToken()), "a token of another scope");
        assertEquals(401, Http.status(h.unsignedFlvUrl("no-such-stream")), "no token: not even a 404");
        assertEquals(404, Http.status(h.flvUrl("no-such-stream")));
        try (HeldViewer viewer = HeldViewer.open(h.flvUrl("guarded"))) {
            assertEquals(200, viewer.status(), "the signed URL");
        }
        assertTrue(h.metrics().contains("gbmesh_media_viewers_unauthorized_total 6\n"), h.metrics());
    }

    @Test
    void the_node_api_needs_a_node_api_token_for_this_node_and_the_probes_stay_open() throws Exception {
        h = NodeHarness.start();
        String streams = h.apiUrl("/api/streams");
        long now = System.currentTimeMillis();
        assertEquals(401, status(streams, null), "no authorization");
        assertEquals(401, status(streams, "Bearer " + h.tokens.issue(MediaUrlToken.LIVE, h.node.nodeId(), now)),
                "a viewer token");
        assertEquals(401, status(streams, "Bearer " + h.tokens.issue(MediaUrlToken.NODE_API, "another-node", now)),
                "a token of another node");
        assertEquals(401, status(streams, "Basic " + h.apiToken()), "not a bearer");
        assertEquals(200, status(streams, "Bearer " + h.apiToken()));
        assertEquals(h.node.nodeId(), h.streams().getString("node"));
        for (String open : new String[] {"/health", "/ready", "/metrics"}) {
            assertEquals(200, status(h.apiUrl(open), null), open);
        }
        assertTrue(h.metrics().contains("gbmesh_media_api_unauthorized_total 4\n"), h.metrics());
    }

    @Test
    void viewers_beyond_the_stream_cap_or_the_node_cap_are_refused_until_a_place_is_free() throws Exception {
        h = NodeHarness.start(NodeHarness.randomRange(10).withViewerCaps(3, 2));
        h.open("busy", MediaTransport.UDP, SSRC, false);
        h.open("quiet", MediaTransport.UDP, "0100000006", false);
        try (HeldViewer a = HeldViewer.open(h.flvUrl("busy")); HeldViewer b = HeldViewer.open(h.flvUrl("busy"))) {
            assertEquals(200, a.status());
            assertEquals(200, b.status());
            try (HeldViewer third = HeldViewer.open(h.flvUrl("busy"))) {
                assertEquals(503, third.status(), "the stream's cap");
            }
            try (HeldViewer c = HeldViewer.open(h.flvUrl("quiet"))) {
                assertEquals(200, c.status());
                try (HeldViewer fourth = HeldViewer.open(h.flvUrl("quiet"))) {
                    assertEquals(503, fourth.status(), "the node's cap");
                }
                a.close();
                // The place of the viewer that left is given back.
                long deadline = System.currentTimeMillis() + 5000;
                int status;
                do {
                    try (HeldViewer again = HeldViewer.open(h.flvUrl("quiet"))) {
                        status = again.status();
                    }
                } while (status != 200 && System.currentTimeMillis() < deadline);
                assertEquals(200, status);
            }
        }
        String metrics = h.metrics();
        assertTrue(metrics.contains("gbmesh_media_viewers_refused_total{kind=\"STREAM_FULL\"} 1\n"), metrics);
        assertTrue(metrics.contains("gbmesh_media_viewers_refused_total{kind=\"NODE_FULL\"}"), metrics);
    }

    private static int status(String url, String authorization) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        try {
            return c.getResponseCode();
        } finally {
            c.disconnect();
        }
    }
}
