package io.gbmesh.sipstack;

import java.util.concurrent.ThreadLocalRandom;

/** Fresh identifiers: Via branches (RFC 3261 magic cookie), tags, Call-IDs. */
public final class Branches {
    private Branches() {
    }

    public static String branch() {
        return "z9hG4bK" + hex(8);
    }

    public static String tag() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1_000_000_000L, 9_999_999_999L));
    }

    /**
     * A To tag that is the same for every copy of the same request (RFC 3261 §8.2.7: a stateless
     * UAS generates its tags in a manner that gives the same tag for the same request): digits
     * from the request's transaction identifiers (top Via branch, Call-ID, From tag, CSeq).
     */
    public static String tagFor(io.gbmesh.protocol.sip.SipRequest request) {
        long h = 0xcbf29ce484222325L;
        h = mix(h, request.topVia().branch().orElse(""));
        h = mix(h, request.callId());
        h = mix(h, request.from().tag().orElse(""));
        h = h * 0x100000001b3L ^ request.cseq().sequence();
        // ten digits, like a fresh tag()
        return Long.toString(1_000_000_000L + Math.floorMod(h ^ (h >>> 29), 8_999_999_999L));
    }

    private static long mix(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * 0x100000001b3L;
        }
        return (h ^ '|') * 0x100000001b3L;
    }

    public static String callId() {
        return hex(16);
    }

    private static String hex(int bytes) {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        StringBuilder sb = new StringBuilder(bytes * 2);
        for (int i = 0; i < bytes; i++) {
            int b = r.nextInt(256);
            sb.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 15, 16));
        }
        return sb.toString();
    }
}
