package io.gbmesh.media.ingest;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.concurrent.TimeUnit;

/**
 * The one event loop thread on which the node's TCP active connections run (see
 * {@link TcpActiveIngest}); started on the first such stream, stopped with the node.
 */
public final class TcpActiveConnector {

    private EventLoopGroup group;

    synchronized EventLoopGroup group() {
        if (group == null) {
            group = new MultiThreadIoEventLoopGroup(1, r -> {
                Thread t = new Thread(r, "gbmesh-tcp-active");
                t.setDaemon(true);
                return t;
            }, NioIoHandler.newFactory());
        }
        return group;
    }

    public synchronized Future<Void> close() {
        if (group == null) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).addListener(f -> promise.tryComplete());
        group = null;
        return promise.future();
    }
}
