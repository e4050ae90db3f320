package io.gbmesh.api.mqtt;

import static io.gbmesh.testing.Await.await;

import io.gbmesh.api.auth.TokenGrant;
import io.gbmesh.api.auth.TokenScope;
import io.gbmesh.contracts.DeviceRegistration;
import io.gbmesh.contracts.MeshCodec;
import io.gbmesh.contracts.Transport;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Shared pieces of the MQTT tests: futures, polling, the Mosquitto command-line clients. */
final class MqttTestSupport {
    static final String TOKEN = "token-0123456789abcdef";
    /** A second admin token: the same rights, another identity. */
    static final String OTHER_TOKEN = "token-other-0123456789";
    static final String READ_TOKEN = "token-read-0123456789";
    private static final Map<String, TokenGrant> GRANTS = Map.of(
            TOKEN, new TokenGrant(1, "admin", TokenScope.ADMIN),
            OTHER_TOKEN, new TokenGrant(2, "other admin", TokenScope.ADMIN),
            READ_TOKEN, new TokenGrant(3, "dashboard", TokenScope.READ));
    static final TokenVerifier VERIFIER = token -> Future.succeededFuture(Optional.ofNullable(GRANTS.get(token)));

    private MqttTestSupport() {
    }

    /** Deploys an endpoint on a free loopback port. */
    static MqttVerticle deploy(Vertx vertx, MqttConfig config) {
        MqttVerticle v = new MqttVerticle(config, VERIFIER);
        await(vertx.deployVerticle(v), 15_000);
        return v;
    }

    static MqttConfig loopback() {
        return MqttConfig.defaults("127.0.0.1", 0).withCommandTimeout(2_000);
    }

    static String registration(String deviceId, String gatewayNode) {
        long now = System.currentTimeMillis();
        return MeshCodec.toJsonString(new DeviceRegistration(deviceId, gatewayNode, Transport.UDP, "127.0.0.1", 5060,
                "sip:" + deviceId + "@127.0.0.1:5060", now, now + 3_600_000, now, 60, 3, null));
    }

    /** A Mosquitto client process that ends by itself (its -W / -C options), with its output. */
    static final class Client {
        private final Process process;
        private final java.io.BufferedReader output;

        private Client(Process process) {
            this.process = process;
            this.output = new java.io.BufferedReader(
                    new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        }

        /** The next line printed; null once the client has ended (its -W timeout bounds the wait). */
        String readLine() {
            try {
                return output.readLine();
            } catch (java.io.IOException e) {
                throw new AssertionError(e);
            }
        }

        static Client start(String... command) {
            try {
                return new Client(new ProcessBuilder(command).redirectErrorStream(true).start());
            } catch (java.io.IOException e) {
                throw new AssertionError("cannot run " + command[0] + " (Debian package mosquitto-clients): " + e, e);
            }
        }

        /** Waits for the exit (at most 20 s, then kills it) and returns what it printed. */
        Result finish() {
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
                StringBuilder out = new StringBuilder();
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    out.append(line).append('\n');
                }
                return new Result(process.exitValue(), out.toString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    record Result(int exitCode, String output) {
        List<String> lines() {
            List<String> out = new ArrayList<>();
            for (String l : output.split("\n")) {
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
            return out;
        }
    }

    static Result run(String... command) {
        return Client.start(command).finish();
    }
}
