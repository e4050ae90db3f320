package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import io.gbmesh.runtime.Env;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The log lines of a role: timestamp, level, and the device and dialog in context; JSON on request. */
class LogSetupTest {
    @Test
    void textLinesHaveTimestampLevelAndTheDeviceInContext() {
        String line = logWith(Map.of());
        assertTrue(line.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}(Z|[+-]\\d{2}:\\d{2}) INFO  \\[.+\\] gbmesh\\.test "
                + "\\{.*deviceId=34020000001320000001.*\\} - registered\\R"), line);
        assertTrue(line.contains("callId=call-1@10.0.0.7"), line);
    }

    @Test
    void jsonLinesAreOneObjectEachWithTheMdc() {
        String line = logWith(Map.of("GB_LOG_FORMAT", "json")).trim();
        assertTrue(line.startsWith("{") && line.endsWith("}") && !line.contains("\n"), line);
        assertTrue(line.contains("\"level\":\"INFO\""), line);
        assertTrue(line.contains("\"timestamp\":"), line);
        assertTrue(line.contains("\"deviceId\":\"34020000001320000001\""), line);
        assertTrue(line.contains("\"callId\":\"call-1@10.0.0.7\""), line);
        assertTrue(line.contains("\"message\":\"registered\""), line);
    }

    @Test
    void anUnknownFormatSaysSoAndWritesText() {
        String out = logWith(Map.of("GB_LOG_FORMAT", "xml"));
        assertTrue(out.contains("GB_LOG_FORMAT 'xml' is neither text nor json"), out);
        assertTrue(out.contains(" - registered"), out);
    }

    private static String logWith(Map<String, String> env) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(MDC.getMDCAdapter());
        try {
            // the console appender takes System.out when it starts
            LogSetup.configure(context, new Env(env));
            MDC.put("deviceId", "34020000001320000001");
            MDC.put("callId", "call-1@10.0.0.7");
            context.getLogger("gbmesh.test").info("registered");
        } finally {
            MDC.clear();
            context.stop();
            System.setOut(stdout);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
