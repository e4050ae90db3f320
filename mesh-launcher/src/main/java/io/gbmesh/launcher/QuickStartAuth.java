package io.gbmesh.launcher;

import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.runtime.Env;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

/**
 * No open door by default in the quick start: without {@code GB_SIP_PASSWORD} (and without an
 * explicit {@code GB_SIP_AUTH=off}) the first start generates a device password, keeps it in
 * {@code GB_DATA_DIR/sip-password} (mode 600, beside the embedded database) and prints it once, as the
 * first admin token is; later starts use the stored one and only say where it is. The demo devices
 * use the same password.
 *
 * <p>The gateway alone ({@code GatewayMain}) does not do this: several gateway nodes must share one
 * password and a pod's data directory is its own, so it refuses to start without one.
 */
final class QuickStartAuth {
    static final String FILE = "sip-password";
    /** Letters and digits only: cameras' web pages often refuse other characters in the SIP password. */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 16;
    private static final SecureRandom RANDOM = new SecureRandom();

    private QuickStartAuth() {
    }

    /** The gateway settings with the device password the quick start uses; prints what a user must know. */
    static GatewayConfig resolve(GatewayConfig gateway, Env env, PrintStream out) {
        if (!gateway.auth().required() || !gateway.password().isEmpty()) {
            return gateway;
        }
        Path file = Path.of(env.get("GB_DATA_DIR", "./data")).resolve(FILE).toAbsolutePath().normalize();
        String stored = read(file);
        if (stored != null) {
            out.println("gbmesh: device SIP password from " + file + " (set GB_SIP_PASSWORD to choose it)");
            return gateway.withPassword(stored);
        }
        String generated = generate();
        write(file, generated);
        // Shown this once; later starts read the file.
        out.println("gbmesh: no GB_SIP_PASSWORD; generated device SIP password " + generated + " (kept in " + file + ")");
        return gateway.withPassword(generated);
    }

    /** The banner's line about device authentication. */
    static String bannerLine(GatewayConfig gateway) {
        return gateway.auth().required()
                ? "  auth    devices register with digest authentication (password set)"
                : "  WARNING SIP authentication is OFF (GB_SIP_AUTH=off): any device without a password of its own can register";
    }

    private static String read(Path file) {
        try {
            if (!Files.exists(file)) {
                return null;
            }
            String text = Files.readString(file, StandardCharsets.UTF_8).trim();
            return text.isEmpty() ? null : text;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the device password in " + file, e);
        }
    }

    private static String generate() {
        StringBuilder b = new StringBuilder(LENGTH);
        for (int i = 0; i < LENGTH; i++) {
            b.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return b.toString();
    }

    /** Writes the file readable by its owner only from its creation on (no window with wider rights). */
    private static void write(Path file, String password) {
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file); // an empty file left by an interrupted first start
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException notPosix) {
                Files.createFile(file);
            }
            Files.writeString(file, password + "\n", StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
            throw new IllegalStateException("another start is writing " + file + "; start again", raced);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the device password in " + file, e);
        }
    }
}
