package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.CloseStream;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.InviteAnswer;
import io.gbmesh.contracts.InviteRequest;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;
import io.gbmesh.testing.Await;
import io.vertx.core.Vertx;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sipp, an independent SIP implementation, as the device of a media dialog: it registers, then on
 * the same port takes our INVITE, answers it, checks our ACK and our BYE. sipp exits 0 only if every message it expected came.
 */
class SippInviteTest {
    private static final String PASSWORD = "12345678";
    private static final String DEVICE = "34020000001320000201";
    private static final String CHANNEL = "34020000001310000201";

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
        // no queries after registration: the device side here is a scenario that expects only the INVITE dialog
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port,
                "GB_SIP_PASSWORD", PASSWORD, "GB_QUERY_ON_ONLINE", "false"))));
    }

    @AfterEach
    void stop() {
        Await.await(vertx.close());
    }

    @Test
    void sippAcceptsOurInviteAckAndBye() throws Exception {
        int devicePort = TestSupport.freePort();
        int mediaPort = TestSupport.freePort();
        Process register = sipp("register-digest.xml", DEVICE + ";[authentication username=" + DEVICE + " password=" + PASSWORD
                + "];3402000000;34020000002000000001;3600", devicePort, mediaPort, true);
        assertTrue(register.waitFor(30, TimeUnit.SECONDS), "sipp did not finish registering");
        assertEquals(0, register.exitValue(), output("register-digest"));
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(DEVICE));

        Process device = sipp("invite-uas.xml", DEVICE, devicePort, mediaPort, false);
        try {
            InviteRequest request = new InviteRequest("sipp-stream", DEVICE, CHANNEL, StreamKind.PLAY, "127.0.0.1", 30000,
                    MediaTransport.UDP, "0000010201", 0, 0, 0);
            // sipp may still be binding its port: the INVITE is retransmitted over UDP until it answers
            InviteAnswer answer = (InviteAnswer) Await.await(vertx.eventBus().request(Addresses.INVITE, request)).body();
            assertEquals("0000010201", answer.answeredSsrc(), "sipp answers the SSRC we offered");
            assertEquals("127.0.0.1", answer.deviceHost());
            assertEquals(mediaPort, answer.devicePort());

            Await.await(vertx.eventBus().request(Addresses.BYE, new CloseStream(request.streamId(), "test")));
            assertTrue(device.waitFor(30, TimeUnit.SECONDS), "sipp did not finish the dialog");
            assertEquals(0, device.exitValue(), output("invite-uas"));
        } finally {
            device.destroy();
        }
    }

    private Process sipp(String scenario, String csvLine, int localPort, int mediaPort, boolean client) throws IOException {
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
        cmd.addAll(List.of("-sf", xml.toString(), "-inf", users.toString(), "-m", "1", "-l", "1", "-i", "127.0.0.1",
                "-p", Integer.toString(localPort), "-mp", Integer.toString(mediaPort), "-t", "u1", "-timeout", "25s",
                "-timeout_error", "-nostdin", "-trace_err", "-error_file", dir.resolve(name + "-errors.log").toString()));
        return new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), name + ".out")).start();
    }

    private String output(String name) throws IOException {
        String out = Files.readString(dir.resolve(name + ".out"));
        Path errors = dir.resolve(name + "-errors.log");
        return Files.exists(errors) ? out + "\n" + Files.readString(errors) : out;
    }
}
