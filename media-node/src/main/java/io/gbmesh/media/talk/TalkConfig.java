package io.gbmesh.media.talk;

import io.gbmesh.runtime.Env;
import java.nio.file.Path;

/**
 * The media node's talk settings.
 *
 * @param fileDir            local audio files a talk may play must lie under this directory
 *                           ({@code GB_TALK_FILE_DIR}); null: no local files, only http(s), rtsp and rtmp URLs
 * @param maxTalks           talks this node sends at once ({@code GB_TALK_MAX})
 * @param connectWaitMillis  how long a prepared talk waits for the device's INVITE, and a TCP talk for its connection
 */
public record TalkConfig(Path fileDir, int maxTalks, long connectWaitMillis) {

    public static TalkConfig fromEnv(Env env) {
        String dir = env.get("GB_TALK_FILE_DIR", "");
        return new TalkConfig(dir.isBlank() ? null : Path.of(dir).toAbsolutePath().normalize(),
                env.getInt("GB_TALK_MAX", 200), 30_000);
    }

    public TalkConfig withFileDir(Path dir) {
        return new TalkConfig(dir == null ? null : dir.toAbsolutePath().normalize(), maxTalks, connectWaitMillis);
    }

    /**
     * Null when FFmpeg may read {@code source}, else why not: URLs of http(s), rtsp and rtmp; a local
     * path (or {@code file:} URL) only under {@link #fileDir}.
     */
    public String refusal(String source) {
        if (source == null || source.isBlank()) {
            return "a file path or URL is required";
        }
        String lower = source.toLowerCase(java.util.Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("rtsp://")
                || lower.startsWith("rtmp://")) {
            return null;
        }
        if (lower.contains("://") || (lower.indexOf(':') > 1 && !lower.startsWith("file:"))) {
            return "only http(s), rtsp and rtmp URLs or local files are played";
        }
        if (fileDir == null) {
            return "local files are not played on this media node (set GB_TALK_FILE_DIR)";
        }
        Path path = Path.of(lower.startsWith("file:") ? source.substring(5) : source).toAbsolutePath().normalize();
        return path.startsWith(fileDir) ? null : "the file is not under the node's GB_TALK_FILE_DIR";
    }
}
