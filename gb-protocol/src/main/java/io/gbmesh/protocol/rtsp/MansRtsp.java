package io.gbmesh.protocol.rtsp;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * A MANSRTSP playback control (GB/T 28181-2016 annex B; reference 6.10), carried in an INFO of the
 * playback dialog with {@code Content-Type: application/MANSRTSP}: {@code PLAY} resumes
 * ({@code Range: npt=now-}), seeks ({@code Range: npt=<seconds>-}, from the start of the range played)
 * or changes the speed ({@code Scale:}); {@code PAUSE} pauses ({@code PauseTime: now}). {@code cseq}
 * counts the controls of one dialog, from 1. Written in the exact layout of the reference platform:
 * CRLF after every line, the last included.
 *
 * @param position the seek position in seconds; empty for {@code now} or no Range at all
 * @param resume   true when the request has {@code Range: npt=now-}
 */
public record MansRtsp(Method method, long cseq, OptionalDouble scale, OptionalDouble position, boolean resume) {
    public enum Method { PLAY, PAUSE, TEARDOWN }

    /** The longest body read; controls are a few dozen bytes. */
    public static final int MAX_BYTES = 1024;
    public static final String CONTENT_TYPE = "application/MANSRTSP";
    private static final String CRLF = "\r\n";

    public static MansRtsp pause(long cseq) {
        return new MansRtsp(Method.PAUSE, cseq, OptionalDouble.empty(), OptionalDouble.empty(), false);
    }

    public static MansRtsp resume(long cseq) {
        return new MansRtsp(Method.PLAY, cseq, OptionalDouble.empty(), OptionalDouble.empty(), true);
    }

    public static MansRtsp scale(long cseq, double scale) {
        return new MansRtsp(Method.PLAY, cseq, OptionalDouble.of(scale), OptionalDouble.empty(), false);
    }

    public static MansRtsp seek(long cseq, double seconds) {
        if (seconds < 0) {
            throw new IllegalArgumentException("a position is never negative: " + seconds);
        }
        return new MansRtsp(Method.PLAY, cseq, OptionalDouble.empty(), OptionalDouble.of(seconds), false);
    }

    public byte[] toBytes() {
        StringBuilder out = new StringBuilder(48);
        out.append(method.name()).append(" RTSP/1.0").append(CRLF);
        out.append("CSeq: ").append(cseq).append(CRLF);
        if (method == Method.PAUSE) {
            out.append("PauseTime: now").append(CRLF);
        }
        if (resume) {
            out.append("Range: npt=now-").append(CRLF);
        } else if (position.isPresent()) {
            out.append("Range: npt=").append(plain(position.getAsDouble())).append('-').append(CRLF);
        }
        if (scale.isPresent()) {
            out.append("Scale: ").append(plain(scale.getAsDouble())).append(CRLF);
        }
        return out.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads a control as a device does; unknown headers are skipped. */
    public static MansRtsp parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw new MansRtspParseException("empty MANSRTSP body");
        }
        if (body.length > MAX_BYTES) {
            throw new MansRtspParseException("MANSRTSP body of " + body.length + " bytes, more than " + MAX_BYTES);
        }
        String[] lines = new String(body, StandardCharsets.US_ASCII).split("\r?\n");
        String[] start = lines[0].trim().split(" ");
        if (start.length != 2 || !start[1].startsWith("RTSP/")) {
            throw new MansRtspParseException("not a MANSRTSP request line: " + abbreviate(lines[0]));
        }
        Method method;
        try {
            method = Method.valueOf(start[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MansRtspParseException("unknown MANSRTSP method " + abbreviate(start[0]));
        }
        long cseq = -1;
        OptionalDouble scale = OptionalDouble.empty();
        OptionalDouble position = OptionalDouble.empty();
        boolean resume = false;
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = lines[i].substring(colon + 1).trim();
            switch (name) {
                case "cseq" -> cseq = number(name, value).longValue();
                case "scale" -> scale = OptionalDouble.of(positive(name, value));
                case "range" -> {
                    String v = value.toLowerCase(Locale.ROOT);
                    if (!v.startsWith("npt=")) {
                        throw new MansRtspParseException("Range is not npt: " + abbreviate(value));
                    }
                    String from = v.substring(4);
                    int dash = from.indexOf('-');
                    from = dash >= 0 ? from.substring(0, dash) : from;
                    if (from.equals("now") || from.isEmpty()) {
                        resume = true;
                    } else {
                        double seconds = number(name, from).doubleValue();
                        if (seconds < 0) {
                            throw new MansRtspParseException("negative Range " + abbreviate(value));
                        }
                        position = OptionalDouble.of(seconds);
                    }
                }
                default -> {
                }
            }
        }
        if (cseq < 0) {
            throw new MansRtspParseException("MANSRTSP without CSeq");
        }
        return new MansRtsp(method, cseq, scale, position, resume);
    }

    private static double positive(String name, String value) {
        double v = number(name, value).doubleValue();
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new MansRtspParseException(name + " must be positive: " + abbreviate(value));
        }
        return v;
    }

    private static BigDecimal number(String name, String value) {
        try {
            return new BigDecimal(value);
        } catch (NumberFormatException e) {
            throw new MansRtspParseException(name + " is not a number: " + abbreviate(value));
        }
    }

    private static String plain(double value) {
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 32 ? text : text.substring(0, 32) + "...";
    }
}
