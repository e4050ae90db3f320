package io.gbmesh.simulator.media;

import io.gbmesh.protocol.ps.PsPack;
import io.gbmesh.protocol.ps.PsPackReader;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A PS file cut into packs, each with its time from the start of the file in 90 kHz ticks, ready
 * to be replayed in a loop: {@link #period()} is where the next loop starts. Immutable and shared
 * by every stream that plays the same file.
 */
public final class PsRecording {
    /** The bundled capture of a real camera: 704x576 H.264 in PS. */
    public static final String BUNDLED = "/media/camera-704x576-h264.ps";
    /** A frame interval to use when the file tells none: 40 ms (25 fps). */
    private static final long DEFAULT_FRAME_TICKS = 3600;
    /** Recordings already read, by file; values and not futures, which belong to the Vert.x instance that made them. */
    private static final Map<String, PsRecording> LOADED = new ConcurrentHashMap<>();

    private final List<PsPack> packs;
    private final long[] offsets;
    private final long period;

    PsRecording(List<PsPack> packs) {
        if (packs.isEmpty()) {
            throw new IllegalArgumentException("no PS packs");
        }
        this.packs = List.copyOf(packs);
        this.offsets = new long[packs.size()];
        long[] steps = new long[packs.size()];
        int stepCount = 0;
        long previous = -1;
        long at = 0;
        for (int i = 0; i < packs.size(); i++) {
            long clock = packs.get(i).clock();
            if (clock >= 0 && previous >= 0) {
                long step = clock - previous;
                // a clock that jumps back or far ahead (a cut in the capture, a 33-bit wrap) counts as one frame
                if (step < 0 || step > 90_000) {
                    step = DEFAULT_FRAME_TICKS;
                }
                at += step;
                if (step > 0) {
                    steps[stepCount++] = step;
                }
            }
            if (clock >= 0) {
                previous = clock;
            }
            offsets[i] = at;
        }
        long frame = DEFAULT_FRAME_TICKS;
        if (stepCount > 0) {
            long[] sorted = Arrays.copyOf(steps, stepCount);
            Arrays.sort(sorted);
            frame = sorted[stepCount / 2];
        }
        this.period = at + frame;
    }

    /** The file's packs, read once per file (the bundled capture when {@code file} is null) off the event loop. */
    public static Future<PsRecording> load(Vertx vertx, String file) {
        String key = file == null ? BUNDLED : file;
        PsRecording loaded = LOADED.get(key);
        if (loaded != null) {
            return Future.succeededFuture(loaded);
        }
        return vertx.executeBlocking(() -> LOADED.computeIfAbsent(key, k -> read(file)));
    }

    private static PsRecording read(String file) {
        try {
            return readFile(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PsRecording readFile(String file) throws IOException {
        byte[] bytes;
        if (file == null) {
            try (InputStream in = PsRecording.class.getResourceAsStream(BUNDLED)) {
                if (in == null) {
                    throw new IOException("the bundled media " + BUNDLED + " is missing");
                }
                bytes = in.readAllBytes();
            }
        } else {
            bytes = Files.readAllBytes(Path.of(file));
        }
        return new PsRecording(PsPackReader.readAll(bytes));
    }

    int size() {
        return packs.size();
    }

    PsPack pack(int index) {
        return packs.get(index);
    }

    /** Ticks (90 kHz) from the first pack to this one. */
    long offset(int index) {
        return offsets[index];
    }

    /** Ticks from the first pack of one loop to the first of the next. */
    long period() {
        return period;
    }
}
