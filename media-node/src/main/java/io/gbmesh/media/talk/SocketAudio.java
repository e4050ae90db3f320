package io.gbmesh.media.talk;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Talk audio from the talk's WebSocket, in the form its first message shows: a container a
 * browser's {@code MediaRecorder} writes, WebM (EBML magic {@code 1A 45 DF A3}) or Ogg
 * ({@code OggS}), both carrying Opus, is decoded by FFmpeg with that demuxer named
 * ({@link FfmpegAudio#piped}); anything else is 8 kHz mono 16-bit little-endian PCM
 * ({@link PushedAudio}), unless the socket said {@code ?codec=opus}: then anything else is refused
 * ({@link #refusal}), never handed to FFmpeg to guess. Silence until the first message. What waits
 * for FFmpeg is bounded in bytes ({@link #MAX_QUEUED_BYTES}), not in messages. Used on the media
 * node's context; {@link #queuedBytes} may be read from any thread.
 */
final class SocketAudio implements TalkAudio {
    /** Bytes kept for FFmpeg, while it starts and then on its input (minutes of browser Opus); beyond, dropped. */
    static final int MAX_QUEUED_BYTES = FfmpegAudio.MAX_INPUT_BYTES;

    enum Form { UNKNOWN, PCM, STARTING, OPUS, FAILED }

    private final PushedAudio pcm = new PushedAudio();
    private final Function<String, Future<FfmpegAudio>> decoderStart;
    private final List<byte[]> pending = new ArrayList<>();
    private volatile long pendingBytes;
    private Form form = Form.UNKNOWN;
    private boolean opusAsked;
    private volatile FfmpegAudio decoder;
    private String refusal;
    private long droppedBytes;
    private long maxQueuedBytes;
    private boolean finished;
    private boolean closed;
    private String failure;

    /** @param decoderStart starts FFmpeg for a container ({@code webm}, {@code ogg}) off the event loop, completing on the caller's context */
    SocketAudio(Function<String, Future<FfmpegAudio>> decoderStart) {
        this.decoderStart = decoderStart;
    }

    /** The socket said {@code ?codec=opus}: its messages are a container of Opus whatever their first bytes. */
    void expectOpus() {
        opusAsked = true;
    }

    Form form() {
        return form;
    }

    static boolean isContainer(byte[] b) {
        return containerOf(b) != null;
    }

    /** FFmpeg's demuxer for the container these first bytes start, null for none. */
    static String containerOf(byte[] b) {
        if (b.length >= 4 && (b[0] & 0xFF) == 0x1A && (b[1] & 0xFF) == 0x45 && (b[2] & 0xFF) == 0xDF
                && (b[3] & 0xFF) == 0xA3) {
            return "webm";
        }
        if (b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S') {
            return "ogg";
        }
        return null;
    }

    void push(byte[] bytes) {
        if (closed) {
            return;
        }
        if (form == Form.UNKNOWN) {
            String container = containerOf(bytes);
            if (container != null) {
                form = Form.STARTING;
                startDecoder(container);
            } else if (opusAsked) {
                form = Form.FAILED;
                refusal = "the talk's audio (?codec=opus) must be Opus in WebM or Ogg";
                failure = refusal;
                return;
            } else {
                form = Form.PCM;
            }
        }
        switch (form) {
            case PCM -> pcm.push(bytes);
            case STARTING -> {
                if (pendingBytes + bytes.length <= MAX_QUEUED_BYTES) {
                    pending.add(bytes);
                    pendingBytes += bytes.length;
                } else {
                    droppedBytes += bytes.length;
                }
            }
            case OPUS -> {
                if (!decoder.feed(bytes)) {
                    droppedBytes += bytes.length;
                }
            }
            default -> { }
        }
        maxQueuedBytes = Math.max(maxQueuedBytes, queuedBytes());
    }

    /** Why the client's audio is refused (not a container allowed), null while it is not. */
    String refusal() {
        return refusal;
    }

    /** Bytes waiting for FFmpeg: kept while it starts, then on its input. Any thread. */
    long queuedBytes() {
        FfmpegAudio d = decoder;
        return pendingBytes + (d == null ? 0 : d.inputBytes());
    }

    /** The most bytes that waited for FFmpeg at once. */
    long maxQueuedBytes() {
        return maxQueuedBytes;
    }

    /** Bytes dropped because {@link #MAX_QUEUED_BYTES} were waiting already. */
    long droppedBytes() {
        return droppedBytes;
    }

    private void startDecoder(String container) {
        decoderStart.apply(container).onComplete(ar -> {
            if (ar.failed()) {
                form = Form.FAILED;
                failure = "cannot start FFmpeg for the Opus audio: " + ar.cause().getMessage();
                pending.clear();
                pendingBytes = 0;
                return;
            }
            if (closed) {
                ar.result().close();
                return;
            }
            FfmpegAudio started = ar.result();
            pending.forEach(started::feed);
            pending.clear();
            decoder = started;
            pendingBytes = 0;
            form = Form.OPUS;
            if (finished) {
                decoder.endInput();
            }
        });
    }

    /** The client hung up: what it sent is still played, then the source ends. */
    void finish() {
        finished = true;
        pcm.finish();
        if (decoder != null) {
            decoder.endInput();
        }
    }

    @Override
    public boolean next(short[] frame) {
        return switch (form) {
            case PCM -> pcm.next(frame);
            case OPUS -> decoder.next(frame);
            default -> false;
        };
    }

    @Override
    public boolean ended() {
        return switch (form) {
            case PCM -> pcm.ended();
            case OPUS -> decoder.ended();
            case STARTING -> false;
            case FAILED -> true;
            case UNKNOWN -> finished;
        };
    }

    @Override
    public String failure() {
        if (form == Form.OPUS && decoder.failure() != null && !finished) {
            return decoder.failure();
        }
        return failure;
    }

    @Override
    public void close() {
        closed = true;
        pcm.close();
        pending.clear();
        pendingBytes = 0;
        if (decoder != null) {
            decoder.close();
        }
    }
}
