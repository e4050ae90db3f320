package io.gbmesh.media.talk;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.ffmpeg;
import org.bytedeco.javacpp.Loader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A file or URL as talk audio: the FFmpeg program shipped with the node's FFmpeg libraries decodes
 * whatever it reads and resamples it to 8 kHz mono signed 16-bit little-endian PCM on its standard
 * output; a reader thread cuts that into 160-sample frames into a queue of at most
 * {@link #QUEUE_FRAMES} (10 s), so FFmpeg waits on the pipe instead of decoding a long file into memory.
 * {@linkplain #piped Piped}, FFmpeg reads what is {@linkplain #feed fed} on its standard input instead
 * (a browser's Opus in WebM or Ogg), written by a thread of its own so that the caller never waits.
 */
final class FfmpegAudio implements TalkAudio {
    private static final Logger LOG = LoggerFactory.getLogger(FfmpegAudio.class);
    static final int QUEUE_FRAMES = 500;
    /** Bytes fed and not yet written to FFmpeg; beyond that a chunk is dropped (FFmpeg stalled). */
    static final int MAX_INPUT_BYTES = 1 << 20;
    /** The containers a talk's WebSocket may carry, by FFmpeg's demuxer name. */
    static final java.util.Set<String> CONTAINERS = java.util.Set.of("webm", "ogg");
    private static final byte[] END_OF_INPUT = new byte[0];

    private final BlockingQueue<short[]> frames = new ArrayBlockingQueue<>(QUEUE_FRAMES);
    private final Process process;
    private volatile boolean finished;
    private volatile String failure;
    private BlockingQueue<byte[]> input;
    private final java.util.concurrent.atomic.AtomicLong inputBytes = new java.util.concurrent.atomic.AtomicLong();
    private volatile long droppedChunks;

    private FfmpegAudio(Process process) {
        this.process = process;
    }

    /** Starts FFmpeg on {@code input}; fails when the program cannot be started. */
    static FfmpegAudio start(String input) throws IOException {
        String program = Loader.load(ffmpeg.class);
        List<String> command = List.of(program, "-nostdin", "-hide_banner", "-loglevel", "error", "-i", input,
                "-vn", "-ac", "1", "-ar", "8000", "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1");
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        return reading(new FfmpegAudio(process));
    }

    /**
     * Starts FFmpeg on its standard input, a live stream in {@code container} ({@code webm} or
     * {@code ogg}, told by the client's first bytes): probed on little and not buffered, so that the
     * audio follows the speaker. The demuxer is named, never guessed from the bytes, and the only
     * protocol FFmpeg may open is its pipe: whatever a client sends, FFmpeg reads no URL it names (a
     * playlist or manifest of http or file URLs is not a demuxer allowed here).
     */
    static FfmpegAudio piped(String container) throws IOException {
        List<String> command = pipedCommand(Loader.load(ffmpeg.class), container);
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        FfmpegAudio audio = new FfmpegAudio(process);
        audio.input = new java.util.concurrent.LinkedBlockingQueue<>();
        Thread writer = new Thread(audio::write, "talk-ffmpeg-in-" + process.pid());
        writer.setDaemon(true);
        writer.start();
        return reading(audio);
    }

    static List<String> pipedCommand(String program, String container) {
        if (!CONTAINERS.contains(container)) {
            throw new IllegalArgumentException("not a talk container: " + container);
        }
        return List.of(program, "-hide_banner", "-loglevel", "error", "-protocol_whitelist", "pipe",
                "-probesize", "32", "-analyzeduration", "0", "-fflags", "nobuffer", "-f", container, "-i", "pipe:0",
                "-vn", "-ac", "1", "-ar", "8000", "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1");
    }

    /**
     * Hands a chunk of the input to the writer thread; dropped (and counted) when FFmpeg is
     * {@link #MAX_INPUT_BYTES} behind. Returns whether it was taken.
     */
    boolean feed(byte[] chunk) {
        if (chunk.length == 0) {
            return true;
        }
        if (inputBytes.get() + chunk.length > MAX_INPUT_BYTES) {
            droppedChunks++;
            return false;
        }
        inputBytes.addAndGet(chunk.length);
        input.offer(chunk);
        return true;
    }

    /** Bytes fed and not yet written to FFmpeg. */
    long inputBytes() {
        return inputBytes.get();
    }

    /** The input ended: FFmpeg decodes what it has, then ends. */
    void endInput() {
        input.offer(END_OF_INPUT);
    }

    long droppedChunks() {
        return droppedChunks;
    }

    private void write() {
        try (java.io.OutputStream out = process.getOutputStream()) {
            while (true) {
                byte[] chunk = input.take();
                if (chunk == END_OF_INPUT) {
                    return;
                }
                try {
                    out.write(chunk);
                    out.flush();
                } finally {
                    inputBytes.addAndGet(-chunk.length);
                }
            }
        } catch (IOException e) {
            // FFmpeg ended (or was closed): the reader tells why
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static FfmpegAudio reading(FfmpegAudio audio) {
        Process process = audio.process;
        Thread reader = new Thread(audio::read, "talk-ffmpeg-" + process.pid());
        reader.setDaemon(true);
        reader.start();
        return audio;
    }

    private void read() {
        byte[] bytes = new byte[G711Packetizer.SAMPLES_PER_PACKET * 2];
        try (InputStream in = process.getInputStream()) {
            while (true) {
                int got = in.readNBytes(bytes, 0, bytes.length);
                if (got <= 0) {
                    break;
                }
                short[] frame = new short[G711Packetizer.SAMPLES_PER_PACKET];
                for (int i = 0; i + 1 < got; i += 2) {
                    frame[i / 2] = (short) ((bytes[i] & 0xFF) | (bytes[i + 1] << 8));
                }
                while (!frames.offer(frame, 100, TimeUnit.MILLISECONDS)) {
                    if (!process.isAlive() && failure != null) {
                        return;
                    }
                }
                if (got < bytes.length) {
                    break;
                }
            }
            int exit = process.waitFor();
            if (exit != 0 && failure == null) {
                failure = "FFmpeg could not read the source (exit " + exit + ")";
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = "reading FFmpeg's output failed: " + e.getMessage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            finished = true;
        }
        if (failure != null) {
            LOG.warn("talk audio source ended: {}", failure);
        }
    }

    @Override
    public boolean next(short[] frame) {
        short[] f = frames.poll();
        if (f == null) {
            return false;
        }
        System.arraycopy(f, 0, frame, 0, frame.length);
        return true;
    }

    @Override
    public boolean ready() {
        return finished || !frames.isEmpty();
    }

    @Override
    public boolean ended() {
        return finished && frames.isEmpty();
    }

    @Override
    public String failure() {
        return failure;
    }

    @Override
    public void close() {
        if (failure == null && !finished) {
            failure = "closed";
        }
        process.destroyForcibly();
        frames.clear();
        if (input != null) {
            input.clear();
            inputBytes.set(0);
            input.offer(END_OF_INPUT);
        }
    }
}
