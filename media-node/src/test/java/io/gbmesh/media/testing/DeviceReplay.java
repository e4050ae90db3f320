package io.gbmesh.media.testing;

import io.gbmesh.protocol.rtp.Rfc4571Framer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Plays the device: sends recorded RTP packets to the node over UDP or TCP (RFC 4571 framing), paced
 * by the packets' clock at {@code speed} times real time (0 = as fast as possible), from a thread of
 * its own with plain sockets, so nothing of the node's code is on the sending side.
 */
public final class DeviceReplay {

    @FunctionalInterface
    interface Sender {
        void send(byte[] packet) throws IOException;
    }

    private DeviceReplay() {
    }

    public static CompletableFuture<Void> udp(String host, int port, List<Capture.Packet> packets, double speed) {
        return run("udp-device", () -> {
            try (DatagramSocket socket = new DatagramSocket()) {
                InetSocketAddress to = new InetSocketAddress(host, port);
                play(packets, speed, p -> socket.send(new DatagramPacket(p, p.length, to)));
            }
        });
    }

    /** TCP passive on the node's side: the device connects and sends. */
    public static CompletableFuture<Void> tcpConnect(String host, int port, List<Capture.Packet> packets, double speed) {
        return run("tcp-device", () -> {
            try (Socket socket = new Socket(host, port)) {
                OutputStream out = socket.getOutputStream();
                play(packets, speed, p -> out.write(Rfc4571Framer.frame(p)));
                out.flush();
            }
        });
    }

    /**
     * TCP active on the node's side: the device listens on {@code server}, takes the node's connection
     * and sends on it; the future gives the node's source port once done.
     */
    public static CompletableFuture<Integer> tcpServe(ServerSocket server, List<Capture.Packet> packets, double speed) {
        CompletableFuture<Integer> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (Socket socket = server.accept()) {
                OutputStream out = socket.getOutputStream();
                play(packets, speed, p -> out.write(Rfc4571Framer.frame(p)));
                out.flush();
                done.complete(socket.getPort());
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, "tcp-active-device");
        t.setDaemon(true);
        t.start();
        return done;
    }

    static void play(List<Capture.Packet> packets, double speed, Sender sender) throws IOException {
        long start = System.nanoTime();
        for (Capture.Packet p : packets) {
            if (speed > 0) {
                long dueNanos = (long) (p.clock() / 90.0 / speed * 1_000_000);
                long wait = dueNanos - (System.nanoTime() - start);
                if (wait > 1_000_000) {
                    try {
                        Thread.sleep(wait / 1_000_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            sender.send(p.bytes());
        }
    }

    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    private static CompletableFuture<Void> run(String name, Body body) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                body.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return done;
    }
}
