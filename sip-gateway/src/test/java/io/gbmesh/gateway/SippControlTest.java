package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceControlRequest;
import io.gbmesh.contracts.DeviceControlResult;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sipp, an independent SIP implementation, as a PTZ camera: it registers with digest, takes our
 * DeviceControl MESSAGE and answers 200, then the stop the gateway sends by itself once the
 * motion's {@code durationMs} is over. The PTZCmds sipp received are the reference's bytes.
 */
class SippControlTest {
    private static final String PASSWORD = "12345678";
    private static final String DEVICE = "34020000001320000301";
    private static final String CHANNEL = "34020000001310000301";

    private Vertx vertx;
    private int port;
    private BlockingQueue<DeviceOnline> online;

    @TempDir
    Path dir;

    @BeforeEach
    void startGateway() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        online = TestSupport.collect(vertx, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        // no queries after registration: the device here expects only the control
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port,
                "GB_SIP_PASSWORD", PASSWORD, "GB_QUERY_ON_ONLINE", "false"))));
    }

    @AfterEach
    void stop() {
        Await.await(vertx.close());
    }

    @Test
    void sippReceivesTheReferencesPtzCmdAndTheGatewaysOwnStop() throws Exception {
        int devicePort = TestSupport.freePort();
        Process register = sipp("register-digest.xml", DEVICE + ";[authentication username=" + DEVICE + " password=" + PASSWORD
                + "];3402000000;34020000002000000001;3600", devicePort, true, 1);
        assertTrue(register.waitFor(30, TimeUnit.SECONDS), "sipp did not finish registering");
        assertEquals(0, register.exitValue(), output("register-digest"));
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(DEVICE));

        Process device = sipp("control-uas.xml", DEVICE, devicePort, false, 2);
        try {
            DeviceControlRequest left = DeviceControlRequest.of(DEVICE, CHANNEL, DeviceControlRequest.Command.PTZ,
                    DeviceControlRequest.ACTION, "left", DeviceControlRequest.SPEED, 0x96, DeviceControlRequest.DURATION_MS, 300);
            // sipp may still be binding its port: the MESSAGE is retransmitted over UDP until it answers
            DeviceControlResult result;
            try {
                result = (DeviceControlResult) Await.await(vertx.eventBus().request(Addresses.DEVICE_CONTROL, left,
                        new DeliveryOptions().setSendTimeout(20_000))).body();
            } catch (RuntimeException | AssertionError e) {
                device.destroy();
                device.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("no answer to the control: " + e.getMessage() + "\n" + output("control-uas"), e);
            }
            assertEquals(CHANNEL, result.channelId());
            assertTrue(device.waitFor(30, TimeUnit.SECONDS), "sipp did not get the stop");
            assertEquals(0, device.exitValue(), output("control-uas"));
        } finally {
            device.destroy();
        }
        List<String> commands = new ArrayList<>();
        Matcher m = Pattern.compile("PTZCmd=([0-9A-F]{16})").matcher(Files.readString(dir.resolve("control-uas.log")));
        while (m.find()) {
            commands.add(m.group(1));
        }
        assertEquals(List.of("A50F01029600004D", "A50F0100000000B5"), commands, "left at 0x96 (reference 6.5), then stop");
        assertTrue(Files.readString(dir.resolve("control-uas.log")).contains("DeviceID=" + CHANNEL), "the command is for the channel");
    }

    private Process sipp(String scenario, String csvLine, int localPort, boolean client, int calls) throws IOException {
        String name = scenario.replace(".xml", "");
        Path xml = dir.resolve(scenario);
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + scenario)) {
            Files.write(xml, in.readAllBytes());
        }
        Path users = dir.resolve(name + ".csv");
        Files.writeString(users, "SEQUENTIAL\n" + csvLine + "\n", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("sipp"));
        if (client) {
            cmd.add("127.0.0.1:" + port);
        }
        cmd.addAll(List.of("-sf", xml.toString(), "-inf", users.toString(), "-m", Integer.toString(calls), "-l", "1", "-i", "127.0.0.1",
                "-p", Integer.toString(localPort), "-t", "u1", "-timeout", "25s", "-timeout_error", "-nostdin",
                "-trace_err", "-error_file", dir.resolve(name + "-errors.log").toString(),
                "-trace_logs", "-log_file", dir.resolve(name + ".log").toString()));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), name + ".out")).start();
    }

    private String output(String name) throws IOException {
        String out = Files.readString(dir.resolve(name + ".out"));
        Path errors = dir.resolve(name + "-errors.log");
        return Files.exists(errors) ? out + "\n" + Files.readString(errors) : out;
    }
}
