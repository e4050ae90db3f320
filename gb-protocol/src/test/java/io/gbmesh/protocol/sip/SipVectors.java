package io.gbmesh.protocol.sip;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The messages of the GB/T 28181 reference (section 6) as CRLF test vectors. */
public final class SipVectors {
    public static final List<String> ALL = List.of(
            "01-dev-register-unauth", "02-srv-register-ok", "03-dev-register-request", "04-srv-register-401",
            "05-dev-register-auth", "06-srv-register-200", "07-srv-register-302", "09-dev-unregister-request",
            "10-srv-unregister-401", "11-dev-unregister-auth", "12-srv-unregister-200", "13-dev-keepalive",
            "14-srv-keepalive-200", "15-srv-query-deviceinfo", "16-dev-response-deviceinfo", "17-srv-query-devicestatus",
            "18-dev-response-devicestatus", "19-srv-query-configdownload", "20-dev-response-configdownload",
            "21-srv-query-catalog", "22-dev-response-catalog", "23-srv-control-ptz", "24-dev-control-ptz-200",
            "25-srv-control-ptz-stop", "26-dev-control-ptz-stop-200", "27-srv-query-preset", "28-dev-response-preset",
            "29-srv-control-preset-add", "30-srv-control-preset-del", "31-srv-control-preset-set",
            "32-srv-control-preset-goto", "33-srv-subscribe-alarm", "34-dev-notify-alarm", "35-srv-invite-play",
            "36-dev-invite-play-200", "37-srv-ack-play", "38-srv-bye-play", "39-srv-query-recordinfo",
            "40-dev-response-recordinfo", "41-srv-invite-playback", "42-dev-invite-playback-200", "43-srv-ack-playback",
            "44-srv-info-pause", "45-srv-info-resume", "46-srv-info-speed", "47-srv-info-seek", "48-srv-invite-download",
            "49-dev-invite-download-200", "50-srv-ack-download", "51-srv-notify-broadcast", "52-dev-response-broadcast",
            "53-dev-invite-talk", "54-srv-invite-talk-200", "55-dev-ack-talk", "56-srv-bye-talk",
            "58-srv-invite-talk-tcp-200", "59-srv-config-snapshot", "60-dev-response-snapshot",
            "61-dev-notify-snapshot-finished");

    private SipVectors() {
    }

    public static byte[] bytes(String name) {
        try (InputStream in = SipVectors.class.getResourceAsStream("/sip/" + name + ".sip")) {
            if (in == null) {
                throw new IllegalArgumentException("no vector " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    static byte[] crlf(String lfText) {
        return lfText.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
    }
}
