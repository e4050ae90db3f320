package io.gbmesh.media.talk;

import java.util.ArrayDeque;

/**
 * Talk audio pushed by a client (the browser's microphone over the talk WebSocket) as 8 kHz mono
 * signed 16-bit little-endian PCM. Chunks of any length are cut into 160-sample frames; at most
 * {@link #MAX_FRAMES} (2 s) wait, older ones are dropped so that the talk does not fall behind
 * the speaker. Used on the media node's event loop.
 */
final class PushedAudio implements TalkAudio {
    static final int MAX_FRAMES = 100;

    private final ArrayDeque<short[]> frames = new ArrayDeque<>();
    private short[] partial = new short[G711Packetizer.SAMPLES_PER_PACKET];
    private int filled;
    private int oddByte = -1;
    private boolean closed;
    private long dropped;

    /** Adds little-endian 16-bit samples. */
    void push(byte[] bytes) {
        int i = 0;
        if (oddByte >= 0 && bytes.length > 0) {
            add((short) ((oddByte & 0xFF) | (bytes[0] << 8)));
            oddByte = -1;
            i = 1;
        }
        for (; i + 1 < bytes.length; i += 2) {
            add((short) ((bytes[i] & 0xFF) | (bytes[i + 1] << 8)));
        }
        if (i < bytes.length) {
            oddByte = bytes[i] & 0xFF;
        }
    }

    private void add(short sample) {
        partial[filled++] = sample;
        if (filled == partial.length) {
            if (frames.size() >= MAX_FRAMES) {
                frames.pollFirst();
                dropped++;
            }
            frames.addLast(partial);
            partial = new short[G711Packetizer.SAMPLES_PER_PACKET];
            filled = 0;
        }
    }

    long dropped() {
        return dropped;
    }

    /** The client hung up: what it sent is still played, then the source ends. */
    void finish() {
        closed = true;
    }

    @Override
    public boolean next(short[] frame) {
        short[] f = frames.pollFirst();
        if (f == null) {
            return false;
        }
        System.arraycopy(f, 0, frame, 0, frame.length);
        return true;
    }

    @Override
    public boolean ended() {
        return closed && frames.isEmpty();
    }

    @Override
    public String failure() {
        return null;
    }

    @Override
    public void close() {
        closed = true;
        frames.clear();
    }
}
