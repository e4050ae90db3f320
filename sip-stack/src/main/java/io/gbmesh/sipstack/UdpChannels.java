package io.gbmesh.sipstack;

import io.gbmesh.vertx.VertxLoops;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.spi.transport.Transport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The UDP sockets of an endpoint: {@code count} sockets on the same port ({@code SO_REUSEPORT},
 * with Vert.x's native transport or NIO alike), each read by its own event loop, none of them the
 * endpoint's own loop when the pool has others. The kernel spreads datagrams over the sockets by
 * source address and port, so one source always lands on the same socket and its messages stay in
 * order. Each receiving loop copies a datagram out of its buffer and hands it to {@code onReceive}
 * on that loop (where the endpoint parses it), so parsing runs beside the endpoint's own work even
 * when all traffic comes from one source port (sipp, a NAT) and so reaches one socket. Sending
 * goes straight to the channel without a name lookup for an IP literal.
 */
final class UdpChannels {
    /** A datagram as received: its bytes and where it came from. */
    record Datagram(byte[] data, Peer source) {
    }

    /** The largest UDP payload (over IPv4: 65,535 less the IP and UDP headers), rounded up. */
    static final int MAX_DATAGRAM = 65_536;

    private final List<Channel> channels = new CopyOnWriteArrayList<>();
    /** The bound sockets as an array, replaced whole when one is added or all are closed (read by senders on any thread). */
    private volatile Channel[] open = new Channel[0];
    private final Consumer<List<Datagram>> onBatch;
    private final Runnable onError;
    private int nextSender;

    /**
     * @param onBatch called on the receiving loop with the datagrams of one read of a socket, in
     *                arrival order (so a caller hands them on with one task, not one per datagram)
     * @param onError called on the receiving loop for each error a socket reports (it keeps reading)
     */
    private UdpChannels(Consumer<List<Datagram>> onBatch, Runnable onError) {
        this.onBatch = onBatch;
        this.onError = onError;
    }

    /** Binds {@code count} sockets on host:port (port 0: the first picks one, the others join it). */
    static Future<UdpChannels> bind(Vertx vertx, Context owner, String host, int port, int count,
                                    Consumer<List<Datagram>> onBatch, Runnable onError) {
        UdpChannels udp = new UdpChannels(onBatch, onError);
        List<EventLoop> loops = loops(vertx, VertxLoops.eventLoop(owner), Math.max(1, count));
        Transport transport = VertxLoops.transport(vertx);
        return udp.bindOne(transport, loops.get(0), host, port, count > 1).compose(bound -> {
            Future<Void> all = Future.succeededFuture();
            for (int i = 1; i < loops.size(); i++) {
                EventLoop loop = loops.get(i);
                all = all.compose(v -> udp.bindOne(transport, loop, host, bound, true).mapEmpty());
            }
            return all.map(udp).recover(err -> udp.close().transform(v -> Future.failedFuture(err)));
        }, err -> udp.close().transform(v -> Future.failedFuture(err)));
    }

    /** Event loops of the pool other than the endpoint's own (that one only when it is the only loop). */
    private static List<EventLoop> loops(Vertx vertx, EventLoop own, int count) {
        List<EventLoop> others = new ArrayList<>();
        VertxLoops.eventLoops(vertx).forEach(e -> {
            if (e instanceof EventLoop loop && loop != own) {
                others.add(loop);
            }
        });
        if (others.isEmpty()) {
            others.add(own);
        }
        List<EventLoop> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            chosen.add(others.get(i % others.size()));
        }
        return chosen;
    }

    private Future<Integer> bindOne(Transport transport, EventLoop loop, String host, int port, boolean reusePort) {
        DatagramChannel channel = transport.datagramChannel();
        DatagramSocketOptions o = new DatagramSocketOptions().setReceiveBufferSize(4 * 1024 * 1024)
                .setSendBufferSize(4 * 1024 * 1024).setReusePort(reusePort);
        transport.configure(channel, o);
        // Vert.x would read every datagram into a fresh buffer as large as the socket's receive buffer
        // (4 MiB): read into a pooled buffer that holds the largest datagram instead
        channel.config().setAllocator(PooledByteBufAllocator.DEFAULT)
                .setRecvByteBufAllocator(new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        if (reusePort && channel instanceof NioDatagramChannel) {
            // the NIO transport leaves SO_REUSEPORT to the JDK's channel, which has it on Linux
            channel.config().setOption(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
        }
        channel.pipeline().addLast(new Receiver());
        Promise<Integer> bound = Promise.promise();
        loop.register(channel).addListener(reg -> {
            if (!reg.isSuccess()) {
                bound.fail(reg.cause());
                return;
            }
            channel.bind(new InetSocketAddress(host, port)).addListener(b -> {
                if (b.isSuccess()) {
                    channels.add(channel);
                    open = channels.toArray(new Channel[0]);
                    bound.complete(((InetSocketAddress) channel.localAddress()).getPort());
                } else {
                    channel.close();
                    bound.fail(b.cause());
                }
            });
        });
        return bound.future();
    }

    /** How many sockets are bound. */
    int size() {
        return channels.size();
    }

    /** The port all the sockets share. */
    int port() {
        return ((InetSocketAddress) channels.get(0).localAddress()).getPort();
    }

    /** Sends bytes to host:port from one of the sockets (all share the port); fails only for an unknown host. */
    Future<Void> send(byte[] wire, int port, String host) {
        InetSocketAddress to;
        byte[] literal = IpLiterals.parse(host);
        try {
            to = literal != null ? new InetSocketAddress(InetAddress.getByAddress(literal), port) : new InetSocketAddress(host, port);
        } catch (UnknownHostException e) {
            return Future.failedFuture(e);
        }
        if (to.isUnresolved()) {
            return Future.failedFuture(new UnknownHostException(host));
        }
        return send(wire, to) ? Future.succeededFuture() : Future.failedFuture("the UDP sockets are closed");
    }

    /** Sends from the socket read by the calling thread when there is one (no hand-off), else round robin. */
    boolean send(byte[] wire, InetSocketAddress to) {
        Channel[] sockets = open;
        if (sockets.length == 0) {
            return false;
        }
        Channel chosen = null;
        for (Channel c : sockets) {
            if (c.eventLoop().inEventLoop()) {
                chosen = c;
                break;
            }
        }
        if (chosen == null) {
            chosen = sockets[Math.floorMod(nextSender++, sockets.length)];
        }
        chosen.writeAndFlush(new DatagramPacket(Unpooled.wrappedBuffer(wire), to), chosen.voidPromise());
        return true;
    }

    Future<Void> close() {
        List<Future<Void>> closed = new ArrayList<>();
        for (Channel c : channels) {
            Promise<Void> p = Promise.promise();
            c.close().addListener(f -> p.tryComplete());
            closed.add(p.future());
        }
        channels.clear();
        open = new Channel[0];
        return Future.join(closed).mapEmpty();
    }

    /** Collects the datagrams of one read and hands them on together. */
    private final class Receiver extends ChannelInboundHandlerAdapter {
        private List<Datagram> batch = new ArrayList<>();

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof DatagramPacket packet)) {
                ctx.fireChannelRead(msg);
                return;
            }
            try {
                InetSocketAddress sender = packet.sender();
                batch.add(new Datagram(ByteBufUtil.getBytes(packet.content()),
                        new Peer(SipTransport.UDP, sender.getAddress().getHostAddress(), sender.getPort())));
            } finally {
                packet.release();
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (!batch.isEmpty()) {
                List<Datagram> full = batch;
                batch = new ArrayList<>();
                onBatch.accept(full);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // a socket error (e.g. ICMP port unreachable surfacing on read) is counted, and reading goes on
            onError.run();
        }
    }
}
