package io.gbmesh.launcher;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an HTTP-FLV stream as a player does, tag by tag, noting for each video tag when it came (wall
 * clock) and its timestamp, and copying the bytes to a file for ffprobe. Runs on its own thread until
 * closed or the stream ends.
 */
final class FlvTags implements AutoCloseable {
    /** One video tag: when it arrived (ms, wall clock), its FLV timestamp (ms), and whether it is a key frame. */
    record Tag(long arrivedMillis, long timestamp, boolean keyFrame) {
    }

    private final InputStream in;
    private final OutputStream copy;
    private final List<Tag> tags = new ArrayList<>();
    private final Thread thread;
    private volatile boolean closed;
    private volatile Exception failure;

    FlvTags(InputStream in, OutputStream copy) {
        this.in = in;
        this.copy = copy;
        this.thread = new Thread(this::read, "flv-tags");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try (DataInputStream data = new DataInputStream(in)) {
            byte[] header = new byte[13];
            data.readFully(header);
            copy.write(header);
            byte[] tagHeader = new byte[11];
            while (!closed) {
                data.readFully(tagHeader);
                int type = tagHeader[0] & 0x1F;
                int size = ((tagHeader[1] & 0xFF) << 16) | ((tagHeader[2] & 0xFF) << 8) | (tagHeader[3] & 0xFF);
                long ts = ((tagHeader[4] & 0xFFL) << 16) | ((tagHeader[5] & 0xFFL) << 8) | (tagHeader[6] & 0xFFL)
                        | ((tagHeader[7] & 0xFFL) << 24);
                byte[] body = new byte[size + 4];
                data.readFully(body);
                synchronized (copy) {
                    copy.write(tagHeader);
                    copy.write(body);
                }
                if (type == 9 && size > 1 && body.length > 1 && (body[1] & 0xFF) == 1) {
                    boolean key = (body[0] & 0xF0) == 0x10;
                    synchronized (tags) {
                        tags.add(new Tag(System.currentTimeMillis(), ts, key));
                    }
                }
            }
        } catch (IOException e) {
            if (!closed) {
                failure = e;
            }
        }
    }

    List<Tag> tags() {
        synchronized (tags) {
            return List.copyOf(tags);
        }
    }

    /** Video tags that arrived at or after a wall-clock time (ms). */
    List<Tag> since(long millis) {
        return tags().stream().filter(t -> t.arrivedMillis() >= millis).toList();
    }

    Exception failure() {
        return failure;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        in.close();
        synchronized (copy) {
            copy.close();
        }
    }
}
