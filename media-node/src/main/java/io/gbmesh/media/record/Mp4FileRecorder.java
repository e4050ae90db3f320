package io.gbmesh.media.record;

import io.gbmesh.media.mp4.Fmp4Muxer;
import io.gbmesh.media.stream.StreamSink;
import io.gbmesh.protocol.media.MediaFrame;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a stream to an MP4 file as it arrives (a download): the {@link Fmp4Muxer}'s initialization
 * segment, then its fragments, the codecs as the stream carries them (H.264 or H.265, G.711 or AAC),
 * nothing transcoded. A fragmented file is playable at every fragment boundary, so a download that
 * is stopped or fails leaves a playable file of what arrived. Only the first initialization segment
 * is written (a file has one {@code moov}); a stream whose parameter sets change keeps the first.
 *
 * <p>Counts what it wrote and the media time it holds (the first to the last video decode time, plus
 * one frame), read from any thread. Writes go through a buffer on the stream's thread; a failing
 * disk detaches the sink (the stream's other consumers go on) and is reported by {@link #error()}.
 */
public final class Mp4FileRecorder implements StreamSink {
    private static final Logger log = LoggerFactory.getLogger(Mp4FileRecorder.class);
    private static final long WRAP_33 = 1L << 33;
    private static final int BUFFER_BYTES = 256 * 1024;

    private final Path file;
    private final Fmp4Muxer muxer = new Fmp4Muxer();
    private OutputStream out;
    private boolean headerWritten;
    private long firstDts = -1;
    private long lastDts = -1;
    private long span;
    private long step = 3600;
    private volatile long bytes;
    private volatile long mediaMillis;
    private volatile boolean closed;
    private volatile String error;

    public Mp4FileRecorder(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public void frame(MediaFrame frame) {
        if (closed) {
            return;
        }
        if (frame.isVideo()) {
            countMediaTime(frame);
        }
        muxer.frame(frame, (segment, keyFrame, setUp) -> {
            if (setUp && headerWritten) {
                return;
            }
            write(segment);
            if (setUp) {
                headerWritten = true;
            }
        });
    }

    private void countMediaTime(MediaFrame frame) {
        long dts = frame.dts() >= 0 ? frame.dts() : frame.pts();
        if (dts < 0) {
            return;
        }
        if (firstDts < 0) {
            firstDts = dts;
        } else {
            long s = (dts - lastDts + WRAP_33) % WRAP_33;
            if (s > 0 && s < 90_000) {
                step = s;
            }
            span = (dts - firstDts + WRAP_33) % WRAP_33;
        }
        lastDts = dts;
        mediaMillis = (span + step) / 90;
    }

    private void write(byte[] segment) {
        try {
            if (out == null) {
                Files.createDirectories(file.getParent());
                out = new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES);
            }
            out.write(segment);
            bytes += segment.length;
        } catch (IOException e) {
            error = "writing " + file + ": " + e.getMessage();
            throw new IllegalStateException(error, e);
        }
    }

    /** Bytes written to the file so far. */
    public long bytes() {
        return bytes;
    }

    /** Media time received so far, in milliseconds (video). */
    public long mediaMillis() {
        return mediaMillis;
    }

    /** Why writing stopped, or null. */
    public String error() {
        return error;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Flushes and closes the file: what it holds is a playable MP4. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                error = "closing " + file + ": " + e.getMessage();
                log.warn("download file {}: {}", file, e.getMessage());
            }
        }
    }
}
