package io.gbmesh.launcher;

import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.StoredSecret;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * No open door by default in the quick start: without {@code GB_SIP_PASSWORD} (and without an
 * explicit {@code GB_SIP_AUTH=off}) the first start generates a device password, keeps it in
 * {@code GB_DATA_DIR/sip-password} (a {@link StoredSecret}: mode 600, beside the embedded database) and
 * prints it once, as the first admin token is; later starts use the stored one and only say where it is. The demo devices
 * use the same password.
 *
 * <p>The gateway alone ({@code GatewayMain}) does not do this: several gateway nodes must share one
 * password and a pod's data directory is its own, so it refuses to start without one.
 */
final class QuickStartAuth {
    static final String FILE = "sip-password";
    /**
     * Letters and digits only: cameras' web pages often refuse other characters in the SIP password;
     * none that look alike (I l 1, O 0), since people type it in.
     */
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final int LENGTH = 16;

    private QuickStartAuth() {
    }

    /** The gateway settings with the device password the quick start uses; prints what a user must know. */
    static GatewayConfig resolve(GatewayConfig gateway, Env env, PrintStream out) {
        if (!gateway.auth().required() || !gateway.password().isEmpty()) {
            return gateway;
        }
        Path file = Path.of(env.get("GB_DATA_DIR", "./data")).resolve(FILE).toAbsolutePath().normalize();
        boolean stored = Files.exists(file);
        String password;
        try {
            password = StoredSecret.readOrCreate(file, StoredSecret.randomOf(ALPHABET, LENGTH));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the device password in " + file + ": " + e.getMessage(), e);
        }
        if (stored) {
            out.println("gbmesh: device SIP password from " + file + " (set GB_SIP_PASSWORD to choose it)");
        } else {
            // Shown this once; later starts read the file.
            out.println("gbmesh: no GB_SIP_PASSWORD; generated device SIP password " + password + " (kept in " + file + ")");
        }
        return gateway.withPassword(password);
    }

    /** The banner's line about device authentication. */
    static String bannerLine(GatewayConfig gateway) {
        return gateway.auth().required()
                ? "  auth    devices register with digest authentication (password set)"
                : "  WARNING SIP authentication is OFF (GB_SIP_AUTH=off): any device without a password of its own can register";
    }
}
