package io.gbmesh.media.talk;

import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.protocol.media.Codec;
import io.gbmesh.protocol.media.G711;
import io.gbmesh.protocol.media.MediaFrame;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ServerWebSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The device's side of a talk both ways: a sink of the channel's live stream that decodes its audio
 * (G.711 A-law or mu-law as the program stream carries it; AAC with FFmpeg, {@link AacToPcm}) to
 * 8 kHz mono signed 16-bit little-endian PCM and sends it to the talk's WebSocket in binary messages
 * of {@link #MESSAGE_SAMPLES} samples (40 ms). Nothing is kept while no WebSocket is attached, and a
 * message is dropped (counted) while the socket's write queue is full: the browser hears what the
 * device says now, not a backlog. It holds the stream for as long as the talk lasts. Called on the
 * stream's thread; the WebSocket is set from the node's context.
 */
final class DeviceAudioListener implements StreamSink {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceAudioListener.class);
    static final int MESSAGE_SAMPLES = 320;

    private final String talkId;
    private final short[] samples = new short[MESSAGE_SAMPLES];
    private int filled;
    private volatile ServerWebSocket socket;
    private AacToPcm aac;
    private boolean aacUnavailable;
    private volatile long sentMessages;
    private volatile long droppedMessages;

    DeviceAudioListener(String talkId) {
        this.talkId = talkId;
    }

    /** The WebSocket the PCM goes to, or null while none is attached. */
    void socket(ServerWebSocket ws) {
        this.socket = ws;
    }

    long sentMessages() {
        return sentMessages;
    }

    long droppedMessages() {
        return droppedMessages;
    }

    @Override
    public void frame(MediaFrame frame) {
        Codec codec = frame.codec();
        if (codec == Codec.G711A || codec == Codec.G711U) {
            boolean aLaw = codec == Codec.G711A;
            for (byte b : frame.data()) {
                add(aLaw ? G711.alawToLinear(b) : G711.ulawToLinear(b));
            }
        } else if (codec == Codec.AAC) {
            if (aac == null && !aacUnavailable) {
                try {
                    aac = new AacToPcm();
                } catch (RuntimeException | LinkageError e) {
                    aacUnavailable = true;
                    LOG.warn("talk {}: the device's AAC cannot be decoded here, the browser hears nothing: {}", talkId,
                            String.valueOf(e));
                }
            }
            if (aac != null) {
                aac.decode(frame.data(), this::add);
            }
        }
    }

    private void add(short sample) {
        samples[filled++] = sample;
        if (filled == samples.length) {
            filled = 0;
            ServerWebSocket ws = socket;
            if (ws == null) {
                return;
            }
            if (ws.writeQueueFull()) {
                droppedMessages++;
                return;
            }
            byte[] pcm = new byte[samples.length * 2];
            for (int i = 0; i < samples.length; i++) {
                pcm[2 * i] = (byte) samples[i];
                pcm[2 * i + 1] = (byte) (samples[i] >> 8);
            }
            sentMessages++;
            ws.writeBinaryMessage(Buffer.buffer(pcm));
        }
    }

    @Override
    public void close() {
        socket = null;
        if (aac != null) {
            aac.close();
            aac = null;
        }
    }
}
