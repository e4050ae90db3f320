package io.gbmesh.protocol.manscdp;

/**
 * A tiny writer with a fixed, predictable byte layout, so that built bodies (and their Content-Length)
 * are exactly what tests expect and what devices were tested against.
 *
 * <p>Every line ends with CRLF, as the reference platform's queries do (their Content-Length only adds up
 * with CRLF). Text is encoded with GB18030 while declaring {@code encoding="GB2312"}: GB2312 is what
 * every device and platform declares and expects, GB18030 encodes every GB2312 character to the same
 * bytes, and for the rare character outside GB2312 (e.g. 镕) it still writes the GBK/GB18030 bytes that
 * tolerant receivers decode, instead of the {@code ?} a strict GB2312 encoder would put there.
 */
final class ManscdpWriter {

    static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"GB2312\"?>";
    static final String CRLF = "\r\n";

    /** How a message is laid out: the platform's two-space indent, or devices' flat lines. */
    enum Layout {
        /** Two-space indent per level, no line end after the root's closing tag (reference §6.4 queries). */
        PLATFORM("  ", false),
        /** No indent, a line end after the root's closing tag (reference §6.3/§6.4 device bodies). */
        DEVICE("", true);

        private final String indent;
        private final boolean finalLineEnd;

        Layout(String indent, boolean finalLineEnd) {
            this.indent = indent;
            this.finalLineEnd = finalLineEnd;
        }
    }

    private final StringBuilder out = new StringBuilder(256);
    private final Layout layout;
    private final String root;
    private int depth;

    private ManscdpWriter(Layout layout, String root) {
        this.layout = layout;
        this.root = root;
        out.append(DECLARATION);
        line().append('<').append(root).append('>');
        depth = 1;
    }

    static ManscdpWriter start(Layout layout, ManscdpRoot root, String cmdType, long sn) {
        return new ManscdpWriter(layout, root.name()).element("CmdType", cmdType).element("SN", sn);
    }

    ManscdpWriter element(String name, String text) {
        line().append('<').append(name).append('>');
        escape(text == null ? "" : text);
        out.append("</").append(name).append('>');
        return this;
    }

    ManscdpWriter element(String name, long value) {
        return element(name, Long.toString(value));
    }

    /**
     * {@code <outer><inner>text</inner></outer>} on one line, as the reference platform writes
     * {@code <Info><ControlPriority>5</ControlPriority></Info>} (reference 6.5).
     */
    ManscdpWriter inline(String outer, String inner, String text) {
        line().append('<').append(outer).append("><").append(inner).append('>');
        escape(text == null ? "" : text);
        out.append("</").append(inner).append("></").append(outer).append('>');
        return this;
    }

    /** Opens {@code <name attribute="value">}; attribute may be null for none. */
    ManscdpWriter open(String name, String attribute, String value) {
        line().append('<').append(name);
        if (attribute != null) {
            out.append(' ').append(attribute).append("=\"");
            escape(value);
            out.append('"');
        }
        out.append('>');
        depth++;
        return this;
    }

    ManscdpWriter open(String name) {
        return open(name, null, null);
    }

    ManscdpWriter close(String name) {
        depth--;
        line().append("</").append(name).append('>');
        return this;
    }

    byte[] toBytes() {
        depth = 0;
        line().append("</").append(root).append('>');
        if (layout.finalLineEnd) {
            out.append(CRLF);
        }
        return out.toString().getBytes(ManscdpBodyDecoder.GB18030);
    }

    private StringBuilder line() {
        out.append(CRLF);
        out.append(layout.indent.repeat(depth));
        return out;
    }

    private void escape(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    // Control characters are not allowed in XML 1.0; dropping them keeps the body well-formed.
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        out.append(c);
                    }
                }
            }
        }
    }
}
