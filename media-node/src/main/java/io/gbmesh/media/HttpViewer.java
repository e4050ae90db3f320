package io.gbmesh.media;

import io.gbmesh.media.viewer.ViewerChannel;
import io.gbmesh.media.viewer.ViewerFormat;
import io.gbmesh.vertx.VertxLoops;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One HTTP viewer (FLV or fragmented MP4) as the stream's fan-out sees it: its response, written on the connection's
 * own context. The stream's fan-out runs on its shard; Vert.x does not keep a buffer shared between
 * viewers intact when it is written from another thread, so writes from there are handed over, in
 * order, and what waits to be handed over counts towards the viewer's queue (that hand-over queue is
 * not bounded by itself). The viewer's place is given back when its response ends or its connection
 * goes, whichever comes first.
 */
final class HttpViewer implements ViewerChannel {

    /** A viewer this far behind is dropped (see {@link io.gbmesh.media.viewer.SegmentFanOut}). */
    static final int QUEUE_BYTES = 4 * 1024 * 1024;

    private final HttpServerResponse response;
    private final Context connection;
    private final AtomicLong handedOver = new AtomicLong();

    private HttpViewer(HttpServerResponse response, Context connection) {
        this.response = response;
        this.connection = connection;
    }

    /** Starts the chunked response in the format (readable from any origin) and joins the stream. */
    static void serve(HttpServerResponse response, Context connection, StreamSession session,
                      ViewerFormat format, boolean aac, ViewerAdmission.Ticket ticket) {
        response.setChunked(true)
                .putHeader("Content-Type", format.contentType())
                .putHeader("Cache-Control", "no-cache")
                .putHeader("Access-Control-Allow-Origin", "*")
                .setWriteQueueMaxSize(QUEUE_BYTES);
        HttpViewer viewer = new HttpViewer(response, connection);
        response.endHandler(v -> ticket.release());
        response.closeHandler(v -> {
            ticket.release();
            session.removeViewer(format, viewer);
        });
        response.exceptionHandler(err -> {
            ticket.release();
            session.removeViewer(format, viewer);
        });
        session.addViewer(format, aac, viewer);
    }

    @Override
    public boolean writeQueueFull() {
        return handedOver.get() > QUEUE_BYTES || response.writeQueueFull();
    }

    @Override
    public void write(Buffer data) {
        if (VertxLoops.inThread(connection)) {
            response.write(data);
        } else {
            int length = data.length();
            handedOver.addAndGet(length);
            VertxLoops.execute(connection, data, d -> {
                handedOver.addAndGet(-length);
                response.write(d);
            });
        }
    }

    @Override
    public void close() {
        VertxLoops.execute(connection, v -> {
            if (!response.ended() && !response.closed()) {
                response.end();
            }
        });
    }
}
