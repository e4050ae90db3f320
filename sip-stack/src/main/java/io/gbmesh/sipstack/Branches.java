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
