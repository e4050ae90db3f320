package io.gbmesh.protocol.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads RFC 4566 text leniently where devices are sloppy ({@code \n} or {@code \r\n}, trailing spaces,
 * blank lines, unknown lines) and strictly where a mistake would send media to the wrong place
 * ({@code v=} first, {@code o=}, {@code c=}, {@code t=}, {@code m=} well formed).
 * {@code y=} (SSRC) and {@code f=} (media format) are GB28181 session-level lines that devices put after
 * the media section (GB/T 28181-2016 annex G); they are read wherever they appear.
 */
final class SdpParser {

    static final int MAX_CHARS = 64 * 1024;
    /**
     * A GB/T 28181 session has one media stream, two for a voice broadcast (annex G); 16 {@code m=}
     * sections is far beyond any device and keeps an offer's cost bounded however it is padded.
     */
    static final int MAX_MEDIA = 16;
    /** {@code a=} lines, session and media levels together: a GB offer has about ten. */
    static final int MAX_ATTRIBUTES = 256;
    /** Non-blank lines of every type: a GB offer has ten to twenty. */
    static final int MAX_LINES = 512;
    /** Formats on one {@code m=} line: GB offers list three or four (96 PS, 98 H.264, 97 MPEG-4, ...). */
    static final int MAX_FORMATS = 64;

    private String version;
    private Origin origin;
    private String sessionName;
    private String information;
    private String uri;
    private Connection connection;
    private Timing timing;
    private final List<SdpAttribute> attributes = new ArrayList<>();
    private final List<SdpLine> otherLines = new ArrayList<>();
    private final List<MediaDescription> media = new ArrayList<>();
    private String ssrc;
    private String mediaFormat;
    private MediaBuilder currentMedia;
    private int attributeCount;
    private int lineCount;
    /** The first NUL at or after the line being read, or -1: found once per NUL, not once per line. */
    private int nextNul = -2;

    private SdpParser() {
    }

    static SessionDescription parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SdpParseException("empty SDP");
        }
        if (text.length() > MAX_CHARS) {
            throw new SdpParseException("SDP of " + text.length() + " characters exceeds " + MAX_CHARS);
        }
        return new SdpParser().read(text);
    }

    private SessionDescription read(String text) {
        // One forward pass over the text, each line cut out once: no split array, no copy of a blank line.
        int n = text.length();
        int from = 0;
        while (from <= n) {
            // blank lines and the blanks opening a line are stepped over here, whatever their number
            while (from < n && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            int nl = text.indexOf('\n', from);
            int lineEnd = nl < 0 ? n : nl;
            readLine(text, from, lineEnd);
            from = lineEnd + 1;
        }
        finishMedia();
        if (origin == null) {
            throw new SdpParseException("missing o=");
        }
        if (sessionName == null) {
            throw new SdpParseException("missing s=");
        }
        return new SessionDescription(Integer.parseInt(version), origin, sessionName, Optional.ofNullable(information),
                Optional.ofNullable(uri), Optional.ofNullable(connection), timing == null ? Timing.UNBOUNDED : timing,
                attributes, otherLines, media, Optional.ofNullable(ssrc), Optional.ofNullable(mediaFormat));
    }

    /** The line text[from, to), NULs removed and surrounding whitespace stripped, as {@code String.strip} does. */
    private void readLine(String text, int from, int to) {
        if (nextNul != -1 && nextNul < from) {
            nextNul = text.indexOf('\0', from);
        }
        String line;
        if (nextNul >= 0 && nextNul < to) {
            line = withoutNul(text, from, to).strip();
        } else {
            while (from < to && Character.isWhitespace(text.charAt(from))) {
                from++;
            }
            while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
                to--;
            }
            if (from == to) {
                return;
            }
            line = text.substring(from, to);
        }
        if (line.isEmpty()) {
            return;
        }
        if (line.length() < 2 || line.charAt(1) != '=') {
            throw new SdpParseException("not a type=value line: " + abbreviate(line));
        }
        char type = line.charAt(0);
        String value = line.substring(2).strip();
        if (version == null && type != 'v') {
            throw new SdpParseException("SDP does not start with v=");
        }
        count(type);
        accept(type, value);
    }

    /** text[from, to) without its NULs, which devices pad lines with. */
    private static String withoutNul(String text, int from, int to) {
        StringBuilder out = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c != '\0') {
                out.append(c);
            }
        }
        return out.toString();
    }

    /** Refuses an offer padded past what any GB/T 28181 peer sends, at the first line too many. */
    private void count(char type) {
        if (++lineCount > MAX_LINES) {
            throw new SdpParseException("more than " + MAX_LINES + " lines");
        }
        if (type == 'm' && media.size() + (currentMedia == null ? 0 : 1) >= MAX_MEDIA) {
            throw new SdpParseException("more than " + MAX_MEDIA + " m= sections");
        }
        if (type == 'a' && ++attributeCount > MAX_ATTRIBUTES) {
            throw new SdpParseException("more than " + MAX_ATTRIBUTES + " a= lines");
        }
    }

    private void accept(char type, String value) {
        switch (type) {
            case 'v' -> version(value);
            case 'y' -> ssrc = value;
            case 'f' -> mediaFormat = value;
            case 'm' -> {
                finishMedia();
                currentMedia = MediaBuilder.parse(value);
            }
            default -> {
                if (currentMedia != null) {
                    currentMedia.accept(type, value);
                } else {
                    acceptSessionLine(type, value);
                }
            }
        }
    }

    private void version(String value) {
        if (version != null) {
            throw new SdpParseException("second v= line");
        }
        if (!value.equals("0")) {
            throw new SdpParseException("unsupported SDP version v=" + abbreviate(value));
        }
        version = value;
    }

    private void acceptSessionLine(char type, String value) {
        switch (type) {
            case 'o' -> origin = origin(value);
            case 's' -> sessionName = value;
            case 'i' -> information = value;
            case 'u' -> uri = value;
            case 'c' -> connection = connection(value);
            case 't' -> {
                if (timing == null) {
                    timing = timing(value);
                } else {
                    otherLines.add(new SdpLine(type, value));
                }
            }
            case 'a' -> attributes.add(SdpAttribute.parse(value));
            default -> otherLines.add(new SdpLine(type, value));
        }
    }

    private void finishMedia() {
        if (currentMedia != null) {
            media.add(currentMedia.build());
            currentMedia = null;
        }
    }

    private static Origin origin(String value) {
        String[] fields = SdpFields.split(value);
        if (fields.length != 6) {
            throw new SdpParseException("o= needs 6 fields: " + abbreviate(value));
        }
        return new Origin(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]);
    }

    static Connection connection(String value) {
        String[] fields = SdpFields.split(value);
        if (fields.length != 3) {
            throw new SdpParseException("c= needs 3 fields: " + abbreviate(value));
        }
        return new Connection(fields[0], fields[1], fields[2]);
    }

    private static Timing timing(String value) {
        String[] fields = SdpFields.split(value);
        if (fields.length != 2) {
            throw new SdpParseException("t= needs start and stop: " + abbreviate(value));
        }
        try {
            return new Timing(Long.parseLong(fields[0]), Long.parseLong(fields[1]));
        } catch (NumberFormatException e) {
            throw new SdpParseException("t= times are not numbers: " + abbreviate(value));
        }
    }

    static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Collects one media section until the next {@code m=} or the end. */
    private static final class MediaBuilder {
        private final String type;
        private final int port;
        private final String protocol;
        private final List<Integer> payloadTypes;
        private Connection connection;
        private final List<SdpAttribute> attributes = new ArrayList<>();
        private final List<SdpLine> otherLines = new ArrayList<>();

        private MediaBuilder(String type, int port, String protocol, List<Integer> payloadTypes) {
            this.type = type;
            this.port = port;
            this.protocol = protocol;
            this.payloadTypes = payloadTypes;
        }

        static MediaBuilder parse(String value) {
            // split no further than the cap, so that a line of thousands of formats is not cut up first
            String[] fields = SdpFields.split(value, 3 + MAX_FORMATS + 1);
            if (fields.length < 3) {
                throw new SdpParseException("m= needs media, port and protocol: " + abbreviate(value));
            }
            int port;
            try {
                port = Integer.parseInt(fields[1]);
            } catch (NumberFormatException e) {
                throw new SdpParseException("bad m= port: " + abbreviate(fields[1]));
            }
            if (port < 0 || port > 65535) {
                throw new SdpParseException("bad m= port: " + port);
            }
            if (fields.length - 3 > MAX_FORMATS) {
                throw new SdpParseException("more than " + MAX_FORMATS + " formats on an m= line");
            }
            List<Integer> payloadTypes = new ArrayList<>();
            for (int i = 3; i < fields.length; i++) {
                try {
                    payloadTypes.add(Integer.parseInt(fields[i]));
                } catch (NumberFormatException e) {
                    throw new SdpParseException("m= payload type is not a number: " + abbreviate(fields[i]));
                }
            }
            return new MediaBuilder(fields[0], port, fields[2], payloadTypes);
        }

        void accept(char type, String value) {
            switch (type) {
                case 'c' -> connection = connection(value);
                case 'a' -> attributes.add(SdpAttribute.parse(value));
                default -> otherLines.add(new SdpLine(type, value));
            }
        }

        MediaDescription build() {
            return new MediaDescription(type, port, protocol, payloadTypes, Optional.ofNullable(connection), attributes, otherLines);
        }
    }
}
