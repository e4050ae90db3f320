package io.gbmesh.media.talk;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Talk audio from the talk's WebSocket, in the form its first message shows: a container a
 * browser's {@code MediaRecorder} writes, WebM (EBML magic {@code 1A 45 DF A3}) or Ogg
 * ({@code OggS}), both carrying Opus, or the socket's {@code ?codec=opus}, is decoded by FFmpeg
 * ({@link FfmpegAudio#piped}); anything else is 8 kHz mono 16-bit little-endian PCM
 * ({@link PushedAudio}). Silence until the first message. Used on the media node's context.
 */
final class SocketAudio implements TalkAudio {
    /** Messages kept while FFmpeg starts (about 25 s of 1 s MediaRecorder slices, or far more of short ones). */
    static final int MAX_PENDING = 256;

    enum Form { UNKNOWN, PCM, STARTING, OPUS, FAILED }

    private final PushedAudio pcm = new PushedAudio();
    private final Supplier<Future<FfmpegAudio>> decoderStart;
    private final List<byte[]> pending = new ArrayList<>();
    private Form form = Form.UNKNOWN;
    private boolean opusAsked;
    private FfmpegAudio decoder;
    private boolean finished;
    private boolean closed;
    private String failure;

    /** @param decoderStart starts FFmpeg off the event loop, completing on the caller's context */
    SocketAudio(Supplier<Future<FfmpegAudio>> decoderStart) {
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
        boolean ebml = b.length >= 4 && (b[0] & 0xFF) == 0x1A && (b[1] & 0xFF) == 0x45 && (b[2] & 0xFF) == 0xDF
                && (b[3] & 0xFF) == 0xA3;
        boolean ogg = b.length >= 4 && b[0] == 'O' && b[1] == 'g' && b[2] == 'g' && b[3] == 'S';
        return ebml || ogg;
    }

    void push(byte[] bytes) {
        if (closed) {
            return;
        }
        if (form == Form.UNKNOWN) {
            if (opusAsked || isContainer(bytes)) {
                form = Form.STARTING;
                startDecoder();
            } else {
                form = Form.PCM;
            }
        }
        switch (form) {
            case PCM -> pcm.push(bytes);
            case STARTING -> {
                if (pending.size() < MAX_PENDING) {
                    pending.add(bytes);
                }
            }
            case OPUS -> decoder.feed(bytes);
            default -> { }
        }
    }

    private void startDecoder() {
        decoderStart.get().onComplete(ar -> {
            if (ar.failed()) {
                form = Form.FAILED;
                failure = "cannot start FFmpeg for the Opus audio: " + ar.cause().getMessage();
                pending.clear();
                return;
            }
            if (closed) {
                ar.result().close();
                return;
            }
            decoder = ar.result();
            form = Form.OPUS;
            pending.forEach(decoder::feed);
            pending.clear();
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
        if (decoder != null) {
            decoder.close();
        }
    }
}
