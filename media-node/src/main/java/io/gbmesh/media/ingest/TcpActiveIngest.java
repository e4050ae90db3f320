package io.gbmesh.media.ingest;

import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.gbmesh.protocol.rtp.Rfc4571FramingException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;

/**
 * TCP active (reference 7.4 points 20 and 22): the device listens, the node connects to the address
 * in the device's answer, from the port it offered in the INVITE. Devices that check the source port
 * drop a connection from any other, so the local port is bound when the stream is opened (which also
 * holds it in the pool) and the connection is made from that very socket.
 *
 * <p>Vert.x's TCP client cannot connect from a chosen local port, so the socket is a Netty channel
 * over the pre-bound {@link SocketChannel}, on the {@link TcpActiveConnector}'s event loop; what it
 * reads is handed to the node's context. A refused or failed connect is retried a few times, each
 * time from a fresh socket bound to the same port.
 */
public final class TcpActiveIngest implements RtpIngest {

    static final int CONNECT_ATTEMPTS = 5;
    static final long RETRY_DELAY_MILLIS = 300;
    static final int CONNECT_TIMEOUT_MILLIS = 3000;

    private final Vertx vertx;
    private final Context context;
    private final EventLoopGroup group;
    private final InetSocketAddress local;
    private final RtpReceiver receiver;
    private SocketChannel bound;
    private NioSocketChannel channel;
    private boolean closed;
    private long connectionErrors;

    private TcpActiveIngest(Vertx vertx, Context context, EventLoopGroup group, InetSocketAddress local,
                            SocketChannel bound, RtpReceiver receiver) {
        this.vertx = vertx;
        this.context = context;
        this.group = group;
        this.local = local;
        this.bound = bound;
        this.receiver = receiver;
    }

    /** Binds the local port now; the connection is made by {@link #connect}. */
    public static Future<TcpActiveIngest> bind(Vertx vertx, TcpActiveConnector connector, String host, int port,
                                               RtpReceiver receiver) {
        InetSocketAddress local = new InetSocketAddress(host, port);
        try {
            SocketChannel socket = openBound(local);
            return Future.succeededFuture(new TcpActiveIngest(vertx, vertx.getOrCreateContext(), connector.group(),
                    local, socket, receiver));
        } catch (IOException e) {
            return Future.failedFuture(e);
        }
    }

    private static SocketChannel openBound(InetSocketAddress local) throws IOException {
        SocketChannel socket = SocketChannel.open();
        try {
            // Needed to bind the same port again for a retry or a reconnection.
            socket.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            socket.bind(local);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    @Override
    public Future<Void> connect(String host, int port) {
        if (channel != null) {
            // the device answered again (a playback's next file): its new dialog comes over a new connection
            channel.close();
            channel = null;
        }
        Promise<Void> promise = Promise.promise();
        attempt(new InetSocketAddress(host, port), 1, promise);
        return promise.future();
    }

    private void attempt(InetSocketAddress remote, int attempt, Promise<Void> promise) {
        if (closed) {
            promise.tryFail("stream closed");
            return;
        }
        SocketChannel socket;
        try {
            socket = bound != null ? bound : openBound(local);
            bound = null;
        } catch (IOException e) {
            retryOrFail(remote, attempt, promise, e);
            return;
        }
        NioSocketChannel ch = new NioSocketChannel(socket);
        ch.config().setOption(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS);
        ch.config().setTcpNoDelay(true);
        ch.pipeline().addLast(new Reader());
        group.register(ch).addListener(registered -> {
            if (!registered.isSuccess()) {
                ch.close();
                context.runOnContext(v -> retryOrFail(remote, attempt, promise, registered.cause()));
                return;
            }
            ch.connect(remote).addListener(connected -> context.runOnContext(v -> {
                if (connected.isSuccess() && !closed) {
                    channel = ch;
                    promise.tryComplete();
                } else {
                    ch.close();
                    retryOrFail(remote, attempt, promise, connected.cause());
                }
            }));
        });
    }

    private void retryOrFail(InetSocketAddress remote, int attempt, Promise<Void> promise, Throwable cause) {
        connectionErrors++;
        if (closed || attempt >= CONNECT_ATTEMPTS) {
            promise.tryFail(new IOException("TCP active connect to " + remote + " from port " + local.getPort()
                    + " failed after " + attempt + " attempts: " + (cause == null ? "closed" : cause.getMessage())));
            return;
        }
        vertx.setTimer(RETRY_DELAY_MILLIS, t -> attempt(remote, attempt + 1, promise));
    }

    /** Copies what the device sends and frames it on the node's context. */
    private final class Reader extends ChannelInboundHandlerAdapter {
        private final Rfc4571Framer framer = new Rfc4571Framer();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            byte[] bytes = new byte[buf.readableBytes()];
            buf.readBytes(bytes);
            buf.release();
            context.runOnContext(v -> {
                try {
                    framer.feed(bytes, 0, bytes.length, packet -> receiver.rtp(packet, 0, packet.length, null));
                } catch (Rfc4571FramingException e) {
                    connectionErrors++;
                    ctx.close();
                }
            });
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            context.runOnContext(v -> connectionErrors++);
            ctx.close();
        }
    }

    @Override
    public int port() {
        return local.getPort();
    }

    @Override
    public MediaTransport transport() {
        return MediaTransport.TCP_ACTIVE;
    }

    @Override
    public long connectionErrors() {
        return connectionErrors;
    }

    @Override
    public Future<Void> close() {
        closed = true;
        if (bound != null) {
            try {
                bound.close();
            } catch (IOException ignored) {
                // Closing a socket that never connected.
            }
            bound = null;
        }
        if (channel == null) {
            return Future.succeededFuture();
        }
        Promise<Void> promise = Promise.promise();
        channel.close().addListener(f -> context.runOnContext(v -> promise.complete()));
        return promise.future();
    }
}
