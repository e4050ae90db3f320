package io.gbmesh.protocol.fuzz;

import io.gbmesh.protocol.media.TestVectors;
import io.gbmesh.protocol.rtp.Rfc4571Framer;
import io.gbmesh.protocol.rtp.RtpPacketizer;
import io.gbmesh.protocol.sip.SipMessage;
import io.gbmesh.protocol.sip.SipParseException;
import io.gbmesh.protocol.sip.SipParser;
import io.gbmesh.protocol.sip.SipVectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Seed corpora made from the real vectors of the test resources: the reference's SIP messages, the
 * SDP and MANSCDP bodies they carry plus the reference's MANSCDP bodies, and windows of the real PS
 * capture, raw and as RFC 4571 framed RTP.
 */
public final class FuzzCorpus {

    private static final List<String> MANSCDP_FILES = List.of("alarm-notify.xml", "broadcast-response.xml",
            "catalog-response.xml", "config-download-response.xml", "device-info-response.xml",
            "device-status-response.xml", "keepalive.xml", "preset-query-response.xml");

    /** Bytes of capture per PS seed: a few packs, enough for a key frame with its parameter sets. */
    static final int PS_WINDOW = 24 * 1024;

    private FuzzCorpus() {
    }

    public static List<byte[]> sipMessages() {
        List<byte[]> out = new ArrayList<>();
        for (String name : SipVectors.ALL) {
            out.add(SipVectors.bytes(name));
        }
        return out;
    }

    /** Several reference messages back to back, as a TCP connection carries them. */
    public static List<byte[]> sipStreams() {
        List<byte[]> messages = sipMessages();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            stream.writeBytes(messages.get(i));
            stream.writeBytes("\r\n\r\n".getBytes());
            stream.writeBytes(messages.get((i + 7) % messages.size()));
            stream.writeBytes(messages.get((i + 13) % messages.size()));
            out.add(stream.toByteArray());
        }
        return out;
    }

    public static List<byte[]> sdpBodies() {
        return bodies("application/sdp");
    }

    public static List<byte[]> manscdpBodies() {
        List<byte[]> out = new ArrayList<>();
        for (String file : MANSCDP_FILES) {
            out.add(resource("/manscdp/" + file));
        }
        out.addAll(bodies("application/manscdp+xml"));
        return out;
    }

    /** Windows of the real capture at pack starts, the first one with the program stream map. */
    public static List<byte[]> psWindows() {
        byte[] capture = TestVectors.read(TestVectors.CAMERA_PS);
        List<byte[]> out = new ArrayList<>();
        int step = capture.length / 16;
        for (int at = 0; at + PS_WINDOW <= capture.length && out.size() < 16; at += step) {
            int pack = nextPack(capture, at);
            if (pack >= 0 && pack + PS_WINDOW <= capture.length) {
                out.add(java.util.Arrays.copyOfRange(capture, pack, pack + PS_WINDOW));
            }
        }
        return out;
    }

    /** PS windows packetized into RTP (PS over RTP, annex C) and framed for TCP (RFC 4571). */
    public static List<byte[]> rtpStreams() {
        List<byte[]> out = new ArrayList<>();
        int[] firstSequence = {0, 65_500, 1_000, 32_768};
        List<byte[]> windows = psWindows();
        for (int i = 0; i < windows.size(); i++) {
            byte[] ps = windows.get(i);
            RtpPacketizer packetizer = new RtpPacketizer(0x0100_0000L + i, 96, 1400, firstSequence[i % firstSequence.length]);
            ByteArrayOutputStream stream = new ByteArrayOutputStream();
            int half = ps.length / 2;
            packetizer.packetize(ps, 0, half, 90_000L * i, rtp -> stream.writeBytes(Rfc4571Framer.frame(rtp)));
            packetizer.packetize(ps, half, ps.length - half, 90_000L * i + 3600, rtp -> stream.writeBytes(Rfc4571Framer.frame(rtp)));
            out.add(stream.toByteArray());
        }
        return out;
    }

    private static int nextPack(byte[] b, int from) {
        for (int i = from; i + 3 < b.length; i++) {
            if (b[i] == 0 && b[i + 1] == 0 && b[i + 2] == 1 && (b[i + 3] & 0xFF) == 0xBA) {
                return i;
            }
        }
        return -1;
    }

    private static List<byte[]> bodies(String contentType) {
        List<byte[]> out = new ArrayList<>();
        SipParser parser = new SipParser();
        for (byte[] message : sipMessages()) {
            try {
                SipMessage parsed = parser.parse(message);
                if (parsed.bodyLength() > 0 && parsed.contentType().filter(contentType::equals).isPresent()) {
                    out.add(parsed.body());
                }
            } catch (SipParseException e) {
                throw new IllegalStateException("a reference vector does not parse: " + e.reason(), e);
            }
        }
        return out;
    }

    static byte[] resource(String path) {
        try (InputStream in = FuzzCorpus.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
