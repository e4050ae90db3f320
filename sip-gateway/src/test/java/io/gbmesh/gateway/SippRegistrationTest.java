package io.gbmesh.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.contracts.Addresses;
import io.gbmesh.contracts.DeviceOffline;
import io.gbmesh.contracts.DeviceOnline;
import io.gbmesh.contracts.OfflineReason;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sipp, an independent SIP implementation, registers against the gateway as a device would. */
class SippRegistrationTest {
    private static final String PASSWORD = "12345678";
    private static Vertx vertx;
    private static int port;
    private static int qopPort;
    private static BlockingQueue<DeviceOnline> online;
    private static BlockingQueue<DeviceOffline> offline;

    @TempDir
    Path dir;

    @BeforeAll
    static void startGateway() {
        vertx = Vertx.vertx();
        port = TestSupport.freePort();
        online = TestSupport.collect(vertx, Addresses.DEVICE_ONLINE, DeviceOnline.class);
        offline = TestSupport.collect(vertx, Addresses.DEVICE_OFFLINE, DeviceOffline.class);
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(port,
                "GB_SIP_PASSWORD", PASSWORD, "GB_QUERY_ON_ONLINE", "false"))));
        qopPort = TestSupport.freePort();
        Await.await(vertx.deployVerticle(new GatewayVerticle(TestSupport.config(qopPort,
                "GB_SIP_PASSWORD", PASSWORD, "GB_QUERY_ON_ONLINE", "false", "GB_SIP_DIGEST_QOP", "true"))));
    }

    @AfterAll
    static void stop() {
        Await.await(vertx.close());
    }

    @Test
    void digestRegistrationIsAccepted() throws Exception {
        String device = "34020000001320000101";
        Result r = sipp("register-digest.xml", device + ";" + auth(device, PASSWORD) + ";3402000000;34020000002000000001;3600", "udp");
        assertEquals(0, r.exitCode, r.output);
        DeviceOnline event = TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(device));
        assertEquals("127.0.0.1", event.remoteHost());
    }

    @Test
    void digestRegistrationOverTcpIsAccepted() throws Exception {
        String device = "34020000001320000104";
        Result r = sipp("register-digest.xml", device + ";" + auth(device, PASSWORD) + ";3402000000;34020000002000000001;3600", "tcp");
        assertEquals(0, r.exitCode, r.output);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(device));
    }

    @Test
    void digestWithQopAuthIsAccepted() throws Exception {
        String device = "34020000001320000105";
        Result r = sipp("register-digest.xml", device + ";" + auth(device, PASSWORD) + ";3402000000;34020000002000000001;3600",
                "udp", qopPort);
        assertEquals(0, r.exitCode, r.output);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(device));
    }

    @Test
    void aWrongPasswordIsForbidden() throws Exception {
        Result r = sipp("register-forbidden.xml", "34020000001320000102;" + auth("34020000001320000102", "not-the-password") + ";3402000000;34020000002000000001", "udp");
        assertEquals(0, r.exitCode, "sipp expected 403: " + r.output);
    }

    @Test
    void expiresZeroUnregistersAndTheDeviceGoesOffline() throws Exception {
        String device = "34020000001320000103";
        Result r = sipp("register-unregister.xml", device + ";" + auth(device, PASSWORD) + ";3402000000;34020000002000000001", "udp");
        assertEquals(0, r.exitCode, r.output);
        TestSupport.next(online, Duration.ofSeconds(5), e -> e.deviceId().equals(device));
        DeviceOffline gone = TestSupport.next(offline, Duration.ofSeconds(5), e -> e.deviceId().equals(device));
        assertEquals(OfflineReason.UNREGISTERED, gone.reason());
    }

    /** sipp's own digest keyword, given per device through the injection file. */
    private static String auth(String user, String password) {
        return "[authentication username=" + user + " password=" + password + "]";
    }

    private record Result(int exitCode, String output) {
    }

    private Result sipp(String scenario, String csvLine, String transport) throws IOException, InterruptedException {
        return sipp(scenario, csvLine, transport, port);
    }

    private Result sipp(String scenario, String csvLine, String transport, int gatewayPort) throws IOException, InterruptedException {
        Path xml = dir.resolve(scenario);
        try (InputStream in = getClass().getResourceAsStream("/sipp/" + scenario)) {
            Files.write(xml, in.readAllBytes());
        }
        Path users = dir.resolve("users.csv");
        Files.writeString(users, "SEQUENTIAL\n" + csvLine + "\n", StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>(List.of("sipp", "127.0.0.1:" + gatewayPort, "-sf", xml.toString(), "-inf", users.toString(),
                "-m", "1", "-l", "1", "-i", "127.0.0.1", "-p", Integer.toString(TestSupport.freePort()),
                "-t", transport.equals("tcp") ? "t1" : "u1", "-timeout", "20s", "-timeout_error", "-nostdin", "-trace_err",
                "-error_file", dir.resolve("errors.log").toString()));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(new File(dir.toFile(), "sipp.out")).start();
        assertTrue(p.waitFor(40, TimeUnit.SECONDS), "sipp did not finish");
        String out = Files.readString(dir.resolve("sipp.out"));
        Path errors = dir.resolve("errors.log");
        if (Files.exists(errors)) {
            out += "\n" + Files.readString(errors);
        }
        return new Result(p.exitValue(), out);
    }
}
