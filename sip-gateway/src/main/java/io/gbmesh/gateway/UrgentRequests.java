package io.gbmesh.gateway;

import io.gbmesh.protocol.sip.SipRequest;

/**
 * What a gateway handles before anything else it received: REGISTERs (a device coming or staying
 * online) and keepalives (a device staying online, reference 4.1 point 7). Under a registration
 * storm everything else (the answers to the online queries, catalogs, alarms) waits for them, so
 * no device goes offline or retransmits its REGISTER because catalogs were being read. A keepalive
 * is recognised by its CmdType in the first bytes of the body, without parsing it (this runs on
 * the UDP sockets' loops, for every request).
 */
final class UrgentRequests {
    private static final byte[] CMD_TYPE = "<cmdtype>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] KEEPALIVE = "keepalive".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** A keepalive's CmdType comes right after the prolog and the root element. */
    private static final int SEARCHED = 256;

    private UrgentRequests() {
    }

    static boolean urgent(SipRequest request) {
        String method = request.method();
        return method.equals("REGISTER") || method.equals("MESSAGE") && isKeepalive(request.body());
    }

    /** Whether {@code <CmdType>Keepalive</CmdType>} (any case, blanks around the value) is among the first bytes of {@code body}. */
    static boolean isKeepalive(byte[] body) {
        int limit = Math.min(body.length, SEARCHED);
        int at = indexOf(body, CMD_TYPE, 0, limit);
        if (at < 0) {
            return false;
        }
        int i = at + CMD_TYPE.length;
        while (i < limit && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return indexOf(body, KEEPALIVE, i, Math.min(limit, i + KEEPALIVE.length)) == i;
    }

    /** Where {@code lowerCase} starts in {@code bytes} between from and to, ignoring the case of letters; -1 if nowhere. */
    private static int indexOf(byte[] bytes, byte[] lowerCase, int from, int to) {
        for (int i = from; i <= to - lowerCase.length; i++) {
            int j = 0;
            while (j < lowerCase.length && (bytes[i + j] | 0x20) == lowerCase[j]) {
                j++;
            }
            if (j == lowerCase.length) {
                return i;
            }
        }
        return -1;
    }
}
