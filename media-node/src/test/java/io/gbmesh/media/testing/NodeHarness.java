package io.gbmesh.media.testing;

import static io.gbmesh.testing.Await.await;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.MeshMessage;
import io.gbmesh.contracts.OpenStream;
import io.gbmesh.contracts.StreamAnswered;
import io.gbmesh.contracts.StreamEndpoint;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.contracts.StreamStopped;
import io.gbmesh.media.MediaConfig;
import io.gbmesh.media.MediaNodeVerticle;
import io.gbmesh.runtime.MediaUrlToken;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A media node on loopback in a Vert.x of its own, driven over the event bus as the orchestrator
 * would, with the events it publishes collected per address.
 */
public final class NodeHarness implements AutoCloseable {

    /** The cluster secret of the tests: fixed, given explicitly as a deployment gives it. */
    public static final String URL_SECRET = "media-node-tests-url-secret";

    public final Vertx vertx = Vertx.vertx();
    public final MediaUrlToken tokens = new MediaUrlToken(URL_SECRET, 60);
    public final MediaNodeVerticle node;
    public final MediaConfig config;
    public final BlockingQueue<Object> started = new LinkedBlockingQueue<>();
    public final BlockingQueue<Object> stalled = new LinkedBlockingQueue<>();
    public final BlockingQueue<Object> stopped = new LinkedBlockingQueue<>();
    public final BlockingQueue<Object> load = new LinkedBlockingQueue<>();

    private NodeHarness(MediaConfig config) throws Exception {
        this.config = config;
        MeshCodec.register(vertx.eventBus());
        vertx.eventBus().consumer(Addresses.STREAM_STARTED, m -> started.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.eventBus().consumer(Addresses.STREAM_STALLED, m -> stalled.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.eventBus().consumer(Addresses.STREAM_STOPPED, m -> stopped.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        vertx.eventBus().consumer(Addresses.MEDIA_LOAD, m -> load.add(m.body())).completion().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        node = new MediaNodeVerticle(config, tokens);
        await(vertx.deployVerticle(node), 15_000);
    }

    /** A node with 40 ports from a random base, so that runs side by side rarely meet. */
    public static NodeHarness start() throws Exception {
        return start(randomRange(40));
    }

    public static NodeHarness start(MediaConfig config) throws Exception {
        return new NodeHarness(config);
    }

    public static MediaConfig randomRange(int size) {
        int base = 40000 + ThreadLocalRandom.current().nextInt(400) * 50;
        return MediaConfig.loopback("media-test-" + ThreadLocalRandom.current().nextInt(100000), base, base + size - 1);
    }

    public StreamEndpoint open(String streamId, MediaTransport transport, String ssrc, boolean shared) throws Exception {
        OpenStream open = new OpenStream(streamId, "34020000001320000001", "34020000001320000001", transport, ssrc,
                StreamKind.PLAY, shared);
        return (StreamEndpoint) request(open);
    }

    public StreamEndpoint answered(String streamId, String host, int port, String ssrc) throws Exception {
        return (StreamEndpoint) request(new StreamAnswered(streamId, host, port, ssrc));
    }

    public StreamStopped close(String streamId) throws Exception {
        return (StreamStopped) request(new CloseStream(streamId, "closed"));
    }

    private MeshMessage request(MeshMessage m) throws Exception {
        return await(vertx.eventBus().<MeshMessage>request(Addresses.mediaNode(node.nodeId()), m), 15_000).body();
    }

    /** The stream's viewer URL with a token, as the API gives it. */
    public String flvUrl(String streamId) {
        return tokens.signUrl(unsignedFlvUrl(streamId), streamId, System.currentTimeMillis());
    }

    /** The stream's viewer URL in a container ({@code flv}, {@code mp4}) with a token, as the API gives it. */
    public String viewerUrl(String streamId, String extension) {
        return tokens.signUrl("http://127.0.0.1:" + node.httpPort() + "/live/" + streamId + "." + extension, streamId,
                System.currentTimeMillis());
    }

    /** The stream's HLS playlist URL with a token, as the API gives it. */
    public String hlsUrl(String streamId) {
        return tokens.signUrl("http://127.0.0.1:" + node.httpPort() + "/live/" + streamId + "/index.m3u8", streamId,
                System.currentTimeMillis());
    }

    /** What a viewer of the stream in a container receives in {@code millis}; unchecked, for another thread. */
    public byte[] readViewer(String streamId, String extension, long millis) {
        try {
            return FlvClient.read(viewerUrl(streamId, extension), millis);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    public String unsignedFlvUrl(String streamId) {
        return "http://127.0.0.1:" + node.httpPort() + "/live/" + streamId + ".flv";
    }

    /** A bearer token for the node's own API, as the api-service makes it. */
    public String apiToken() {
        return tokens.issue(MediaUrlToken.NODE_API, node.nodeId(), System.currentTimeMillis());
    }

    /** {@code GET /api/streams}, authorized. */
    public JsonObject streams() throws java.io.IOException {
        return Http.getJson(apiUrl("/api/streams"), apiToken());
    }

    /** One stream of {@code GET /api/streams}, or an empty object when the node has no such stream. */
    public JsonObject stream(String streamId) throws java.io.IOException {
        for (Object o : streams().getJsonArray("streams")) {
            JsonObject s = (JsonObject) o;
            if (s.getString("streamId").equals(streamId)) {
                return s;
            }
        }
        return new JsonObject();
    }

    /** What a stream's frames go to now ({@code flv}, {@code mp4}, {@code hls}, ...), as the node reports it. */
    public java.util.List<String> sinks(String streamId) throws java.io.IOException {
        var sinks = stream(streamId).getJsonArray("sinks");
        return sinks == null ? java.util.List.of() : sinks.stream().map(String::valueOf).toList();
    }

    /** The node's {@code /metrics} page (open, as a probe). */
    public String metrics() throws java.io.IOException {
        return Http.getText(apiUrl("/metrics"));
    }

    /** What a viewer of the stream receives in {@code millis}; unchecked, for a viewer on another thread. */
    public byte[] readFlv(String streamId, long millis) {
        try {
            return FlvClient.read(flvUrl(streamId), millis);
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    public String apiUrl(String path) {
        return "http://127.0.0.1:" + node.httpPort() + path;
    }

    /** Waits for the next event of a type on a queue. */
    public static <T> T next(BlockingQueue<Object> queue, Class<T> type, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            long left = deadline - System.nanoTime();
            Object o = queue.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (o == null) {
                throw new AssertionError("no " + type.getSimpleName() + " within " + millis + " ms");
            }
            if (type.isInstance(o)) {
                return type.cast(o);
            }
        }
    }

    @Override
    public void close() throws Exception {
        await(vertx.close(), 15_000);
    }
}
