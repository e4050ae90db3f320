package io.gbmesh.protocol.rtsp;

/** A MANSRTSP body that cannot be read; stackless, as every parse failure of the protocol codecs. */
public final class MansRtspParseException extends RuntimeException {
    public MansRtspParseException(String message) {
        super(message, null, false, false);
    }
}
