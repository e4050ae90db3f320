package io.gbmesh.protocol.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The RFC 2617 §3.2.2 MD5 digest computation, for both sides of a registration.
 *
 * <pre>
 * HA1      = MD5(username ":" realm ":" password)
 * HA2      = MD5(method ":" digest-uri)
 * response = MD5(HA1 ":" nonce ":" HA2)                                   without qop (RFC 2069 form)
 * response = MD5(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" HA2)         with qop=auth
 * </pre>
 *
 * All digests are 32 lower-case hex digits. Strings are hashed as UTF-8; GB/T 28181 identifiers and
 * realms are ASCII, where UTF-8 and RFC 2617's ISO-8859-1 agree.
 */
public final class DigestCalculator {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // MessageDigest is not thread-safe and getInstance() costs a provider lookup per call.
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides MD5", e);
        }
    });

    private DigestCalculator() {
    }

    /** Lower-case hex MD5 of the UTF-8 bytes of {@code text}. */
    public static String md5Hex(String text) {
        MessageDigest md5 = MD5.get();
        return hex(md5.digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String ha1(String username, String realm, String password) {
        return md5Hex(username + ':' + realm + ':' + password);
    }

    public static String ha2(String method, String uri) {
        return md5Hex(method + ':' + uri);
    }

    /** The response without qop. */
    public static String response(String ha1, String nonce, String ha2) {
        return md5Hex(ha1 + ':' + nonce + ':' + ha2);
    }

    /** The response with qop ({@code auth}); {@code nc} is the 8 hex digits as sent. */
    public static String response(String ha1, String nonce, String nc, String cnonce, String qop, String ha2) {
        return md5Hex(ha1 + ':' + nonce + ':' + nc + ':' + cnonce + ':' + qop + ':' + ha2);
    }

    /**
     * The response the given credentials should carry for {@code method} if the client knows a password
     * whose HA1 is {@code ha1}. Uses the qop form when {@code credentials.qop()} is present.
     */
    public static String expectedResponse(DigestCredentials credentials, String method, String ha1) {
        String ha2 = ha2(method, credentials.uri());
        return credentials.qop() == null
                ? response(ha1, credentials.nonce(), ha2)
                : response(ha1, credentials.nonce(), credentials.nc(), credentials.cnonce(), credentials.qop(), ha2);
    }

    /**
     * Compares an expected hex digest with one received, in time independent of where they differ
     * (so a response cannot be guessed byte by byte). Hex case in {@code received} is ignored.
     */
    public static boolean constantTimeEquals(String expectedHex, String received) {
        if (expectedHex == null || received == null) {
            return false;
        }
        byte[] a = expectedHex.getBytes(StandardCharsets.US_ASCII);
        byte[] b = received.toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(a, b);
    }

    /**
     * Builds the credentials a client sends in reply to {@code challenge} (the device simulator's side).
     * With {@code qop="auth"} offered it answers with qop=auth, {@code nc} formatted as 8 hex digits and a
     * client nonce from {@code cnonceSupplier}; otherwise it answers in the no-qop form real GB/T 28181
     * cameras use and neither {@code nc} nor the supplier is used. The algorithm is sent as {@code MD5}
     * and {@code opaque} is echoed.
     *
     * @param nc the nonce count, starting at 1 for each new nonce
     * @throws IllegalArgumentException if the challenge's algorithm is not MD5
     */
    public static DigestCredentials answer(DigestChallenge challenge, String username, String password,
                                           String method, String uri, Supplier<String> cnonceSupplier, long nc) {
        Objects.requireNonNull(challenge, "challenge");
        if (!challenge.isMd5()) {
            throw new IllegalArgumentException("unsupported digest algorithm " + challenge.algorithm());
        }
        String ha1 = ha1(username, challenge.realm(), password);
        String ha2 = ha2(method, uri);
        if (!challenge.offersQopAuth()) {
            return new DigestCredentials(username, challenge.realm(), challenge.nonce(), uri,
                    response(ha1, challenge.nonce(), ha2), DigestChallenge.MD5, null, null, null, challenge.opaque());
        }
        if (nc < 1 || nc > 0xffffffffL) {
            throw new IllegalArgumentException("nc out of range: " + nc);
        }
        String ncHex = String.format("%08x", nc);
        String cnonce = cnonceSupplier.get();
        String qop = DigestChallenge.QOP_AUTH;
        return new DigestCredentials(username, challenge.realm(), challenge.nonce(), uri,
                response(ha1, challenge.nonce(), ncHex, cnonce, qop, ha2), DigestChallenge.MD5, qop, ncHex, cnonce,
                challenge.opaque());
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
