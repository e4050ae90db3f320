package io.gbmesh.media.ingest;

import io.gbmesh.vertx.VertxLoops;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.net.InetSocketAddress;

/**
 * A bound UDP socket on the calling Vert.x context's event loop, handing each datagram to an
 * {@link RtpReceiver} as a fresh array of its exact length (the receiver may keep it), on that context.
 *
 * <p>A Netty channel rather than Vert.x's {@code DatagramSocket}: the latter reads every datagram
 * into a buffer as large as the socket's receive buffer (a fresh, zeroed 4 MiB for the
 * {@link UdpIngest#RECEIVE_BUFFER} asked for here) and one datagram per wake-up. Here the kernel
 * buffer is large, the read buffer is a pooled buffer of {@link #MAX_DATAGRAM} bytes (the largest
 * size Netty's allocator keeps in its per-thread cache, so taking and giving it back is cheap; RTP
 * datagrams are normally under the path MTU) and up to {@link #DATAGRAMS_PER_READ} datagrams are
 * read per wake-up.
 */
final class UdpChannel {

    /** The largest datagram taken whole; a longer one is cut to this (and fails the RTP checks downstream). */
    static final int MAX_DATAGRAM = 32 * 1024;
    static final int DATAGRAMS_PER_READ = 32;

    private final NioDatagramChannel channel;
    private final int port;

    private UdpChannel(NioDatagramChannel channel, int port) {
        this.channel = channel;
        this.port = port;
    }

    static Future<UdpChannel> bind(Vertx vertx, String host, int port, RtpReceiver receiver) {
        Context context = vertx.getOrCreateContext();
        NioDatagramChannel channel = new NioDatagramChannel();
        channel.config().setOption(ChannelOption.SO_RCVBUF, UdpIngest.RECEIVE_BUFFER);
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT);
        channel.config().setRecvByteBufAllocator(
                new FixedRecvByteBufAllocator(MAX_DATAGRAM).maxMessagesPerRead(DATAGRAMS_PER_READ));
        channel.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                ByteBuf content = packet.content();
                byte[] data = new byte[content.readableBytes()];
                content.getBytes(content.readerIndex(), data);
                InetSocketAddress sender = packet.sender();
                VertxLoops.emit(context, data, d -> receiver.rtp(d, 0, d.length, sender));
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                // A datagram socket has no connection to lose: an error on one read is not fatal.
            }
        });
        Promise<UdpChannel> promise = VertxLoops.promise(context);
        VertxLoops.eventLoop(context).register(channel).addListener(registered -> {
            if (!registered.isSuccess()) {
                channel.close();
                promise.fail(registered.cause());
                return;
            }
            channel.bind(new InetSocketAddress(host, port)).addListener(bound -> {
                if (bound.isSuccess()) {
                    promise.complete(new UdpChannel(channel, ((InetSocketAddress) channel.localAddress()).getPort()));
                } else {
                    channel.close();
                    promise.fail(bound.cause());
                }
            });
        });
        return promise.future();
    }

    int port() {
        return port;
    }

    Future<Void> close() {
        Promise<Void> promise = Promise.promise();
        channel.close().addListener(f -> promise.complete());
        return promise.future();
    }
}
