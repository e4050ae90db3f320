package io.gbmesh.launcher;

import static io.gbmesh.testing.Await.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.gateway.GatewayConfig;
import io.gbmesh.gateway.GatewayVerticle;
import io.gbmesh.runtime.Env;
import io.gbmesh.simulator.DeviceSimulator;
import io.gbmesh.simulator.SimulatorConfig;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start without GB_SIP_PASSWORD: a device password generated once, kept, and used by the demo devices. */
class QuickStartAuthTest {
    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private GatewayConfig resolve(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("GB_DATA_DIR", dataDir.toString(), "GB_SIP_HOST", "127.0.0.1",
                "GB_SIP_PORT", Integer.toString(freePort())));
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        Env e = new Env(env);
        return QuickStartAuth.resolve(GatewayConfig.fromEnv(e), e, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String output() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aPasswordIsGeneratedStoredPrintedOnceAndReused() throws Exception {
        GatewayConfig first = resolve();
        String password = first.password();
        assertEquals(16, password.length());
        Path file = dataDir.resolve("sip-password");
        assertEquals(password, Files.readString(file).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertTrue(output().contains("generated device SIP password " + password), output());

        printed.reset();
        GatewayConfig second = resolve();
        assertEquals(password, second.password(), "the next start uses the stored password");
        assertFalse(output().contains(password), "printed only once: " + output());
        assertTrue(output().contains(file.toAbsolutePath().normalize().toString()), "says where it is kept");
        assertTrue(QuickStartAuth.bannerLine(second).contains("digest"));
    }

    @Test
    void theDemoDevicesRegisterWithDigestAndTheGeneratedPassword() throws Exception {
        GatewayConfig gateway = resolve("GB_QUERY_ON_ONLINE", "false");
        Vertx vertx = Vertx.vertx();
        try {
            GatewayVerticle gw = new GatewayVerticle(gateway);
            await(vertx.deployVerticle(gw), 30_000);
            // as MeshLauncher starts its demo devices
            DeviceSimulator demo = await(DeviceSimulator.start(vertx, SimulatorConfig.of("127.0.0.1", gw.sipPort())
                    .withCount(2, "3402000000132", 1).withPassword(gateway.password())), 30_000);
            assertTrue(demo.device(0).registered() && demo.device(1).registered());
            assertTrue(gw.stats().snapshot().getOrDefault("tx.response.401", 0L) >= 2, "each was challenged: " + gw.stats().snapshot());
            await(demo.close(), 30_000);
            assertNotNull(Await.failure(DeviceSimulator.start(vertx,
                    SimulatorConfig.of("127.0.0.1", gw.sipPort()).withCount(1, "3402000000132", 9)), 30_000),
                    "a device without the password does not register");
        } finally {
            await(vertx.close(), 30_000);
        }
    }

    @Test
    void aChosenPasswordIsUsedAndNothingIsStored() {
        GatewayConfig chosen = resolve("GB_SIP_PASSWORD", "chosen-one");
        assertEquals("chosen-one", chosen.password());
        assertFalse(Files.exists(dataDir.resolve("sip-password")));
        assertEquals("", output());
    }

    @Test
    void withAuthenticationOffTheBannerSaysSo() {
        GatewayConfig open = resolve("GB_SIP_AUTH", "off");
        assertEquals("", open.password());
        assertFalse(Files.exists(dataDir.resolve("sip-password")));
        assertTrue(QuickStartAuth.bannerLine(open).contains("WARNING SIP authentication is OFF (GB_SIP_AUTH=off)"));
    }

    @Test
    void theGatewayAloneRefusesToStartWithoutAPassword() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            GatewayConfig none = GatewayConfig.fromEnv(new Env(Map.of("GB_SIP_HOST", "127.0.0.1", "GB_SIP_PORT", "0")));
            Throwable e = Await.failure(vertx.deployVerticle(new GatewayVerticle(none)), 30_000);
            assertTrue(e.getMessage().contains("set GB_SIP_PASSWORD"), e.getMessage());
            assertTrue(e.getMessage().contains("GB_SIP_AUTH=off"), e.getMessage());
        } finally {
            await(vertx.close(), 30_000);
        }
    }

    private static int freePort() {
        return io.gbmesh.testing.FreePorts.tcpAndUdp();
    }
}
