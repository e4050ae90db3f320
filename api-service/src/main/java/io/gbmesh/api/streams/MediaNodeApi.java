package io.gbmesh.api.streams;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;

/**
 * Requests to a media node's own API ({@code /api/streams...}) for one of the mesh's streams, with a
 * node-api token made for the request: the node's pushes and snapshots of a stream.
 */
final class MediaNodeApi {

    /** A node's answer: its status, body and content type. */
    record Answer(int status, Buffer body, String contentType) {
        boolean ok() {
            return status / 100 == 2;
        }

        JsonObject json() {
            return body.length() == 0 ? new JsonObject() : body.toJsonObject();
        }
    }

    private static final long TIMEOUT_MILLIS = 20_000;

    private final HttpClient http;
    private final StreamOrchestrator orchestrator;

    MediaNodeApi(Vertx vertx, StreamOrchestrator orchestrator) {
        this.http = vertx.createHttpClient();
        this.orchestrator = orchestrator;
    }

    /** {@code method} on {@code path} (below {@code /api/streams/<streamId>}) at the stream's node. */
    Future<Answer> send(ActiveStream s, HttpMethod method, String path, Buffer body) {
        return send(s.mediaNode(), s.mediaHttpUrl(), method, "/api/streams/" + s.streamId() + path, body);
    }

    /** {@code GET /api/streams} of a node: its streams with their counters, pushes and viewers. */
    Future<JsonObject> streams(String nodeId, String baseUrl) {
        return send(nodeId, baseUrl, HttpMethod.GET, "/api/streams", null)
                .map(a -> a.ok() ? a.json() : new JsonObject());
    }

    private Future<Answer> send(String nodeId, String baseUrl, HttpMethod method, String path, Buffer body) {
        String base = baseUrl.startsWith("http") ? baseUrl : "http://" + baseUrl;
        RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(base + path)
                .setIdleTimeout(TIMEOUT_MILLIS).putHeader("Authorization", "Bearer " + orchestrator.nodeApiToken(nodeId));
        if (body != null) {
            options.putHeader("Content-Type", "application/json");
        }
        return http.request(options).compose(req -> (body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> new Answer(resp.statusCode(), b,
                        resp.getHeader("Content-Type")))));
    }
}
