package io.gbmesh.protocol.manscdp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns body bytes into text the way devices actually encode them, not the way they declare it.
 * GB2312 and GBK declarations are decoded as GB18030, their superset, because devices that declare
 * GB2312 routinely put GBK-only characters (e.g. 镕) in channel names. A UTF-8 declaration over bytes that
 * are not UTF-8 falls back to GB18030; with no usable declaration, UTF-8 when valid, else GB18030.
 */
final class ManscdpBodyDecoder {

    static final Charset GB18030 = Charset.forName("GB18030");

    private static final int DECLARATION_SCAN_BYTES = 256;

    private ManscdpBodyDecoder() {
    }

    /** The body as text without BOM, XML declaration, surrounding whitespace or trailing NUL padding. */
    static String decode(byte[] body, int offset, int length) {
        int start = offset;
        int end = offset + length;
        while (end > start && (body[end - 1] == 0 || isWhitespace(body[end - 1]))) {
            end--;
        }
        boolean bom = end - start >= 3
                && body[start] == (byte) 0xEF && body[start + 1] == (byte) 0xBB && body[start + 2] == (byte) 0xBF;
        if (bom) {
            start += 3;
        }
        while (start < end && isWhitespace(body[start])) {
            start++;
        }
        if (start == end) {
            throw new ManscdpParseException("empty body");
        }
        String text = decodeAs(declaredFamily(body, start, end), body, start, end - start);
        int declarationEnd = XmlProlog.declarationEnd(text);
        return declarationEnd > 0 ? text.substring(declarationEnd).strip() : text;
    }

    private enum Family { GB, UTF8, UNDECLARED }

    private static Family declaredFamily(byte[] body, int start, int end) {
        String prolog = new String(body, start, Math.min(end - start, DECLARATION_SCAN_BYTES), StandardCharsets.ISO_8859_1);
        String declared = XmlProlog.declaredEncoding(prolog);
        if (declared == null) {
            return Family.UNDECLARED;
        }
        String name = declared.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (name) {
            case "GB2312", "GBK", "GB18030", "CP936", "XGBK", "EUCCN", "MS936" -> Family.GB;
            case "UTF8" -> Family.UTF8;
            default -> Family.UNDECLARED;
        };
    }

    private static String decodeAs(Family family, byte[] body, int start, int length) {
        if (isAscii(body, start, length)) {
            // the same text in UTF-8 and GB18030 alike, and most bodies are: no decoder needed
            return new String(body, start, length, StandardCharsets.ISO_8859_1);
        }
        if (family == Family.GB) {
            return new String(body, start, length, GB18030);
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body, start, length))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            return new String(body, start, length, GB18030);
        }
    }

    private static boolean isAscii(byte[] body, int start, int length) {
        for (int i = start, end = start + length; i < end; i++) {
            if (body[i] < 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t' || b == '\r' || b == '\n';
    }
}
