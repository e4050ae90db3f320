package io.gbmesh.launcher;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.gbmesh.runtime.Env;
import java.util.Locale;

/**
 * How every role run from {@code gbmesh.jar} logs, to standard output as a container expects:
 * {@code GB_LOG_FORMAT=text} (default) writes a line with an ISO-8601 timestamp, the level, the
 * thread, the logger and the MDC (the gateway puts {@code deviceId} and {@code callId} there while it
 * handles a device's request); {@code json} writes one JSON object a line (logback's
 * {@link JsonEncoder}: epoch-millisecond {@code timestamp}, {@code level}, {@code loggerName},
 * {@code mdc}, {@code message}, {@code throwable}) for a log collector. {@code GB_LOG_LEVEL} sets the
 * root level (default INFO). A {@code -Dlogback.configurationFile} given on the command line wins.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
    static final String TEXT_PATTERN =
            "%d{yyyy-MM-dd'T'HH:mm:ss.SSSxxx} %-5level [%thread] %logger{36}%replace( {%mdc}){' \\{\\}', ''} - %msg%n";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        configure(context, Env.system());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /** Sets {@code context} up from {@code GB_LOG_FORMAT} and {@code GB_LOG_LEVEL}. */
    static void configure(LoggerContext context, Env env) {
        String format = env.get("GB_LOG_FORMAT", "text").toLowerCase(Locale.ROOT);
        boolean json = format.equals("json");
        Encoder<ILoggingEvent> encoder;
        if (json) {
            JsonEncoder jsonEncoder = new JsonEncoder();
            jsonEncoder.setContext(context);
            jsonEncoder.start();
            encoder = jsonEncoder;
        } else {
            PatternLayoutEncoder pattern = new PatternLayoutEncoder();
            pattern.setContext(context);
            pattern.setPattern(TEXT_PATTERN);
            pattern.start();
            encoder = pattern;
        }
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("console");
        console.setEncoder(encoder);
        console.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(console);
        String level = env.get("GB_LOG_LEVEL", "INFO");
        root.setLevel(Level.toLevel(level, Level.INFO));
        // a wrong value is said once, in the format chosen, instead of silently dropping the lines
        if (!json && !format.equals("text")) {
            root.warn("GB_LOG_FORMAT '{}' is neither text nor json: writing text", format);
        }
        if (!Level.toLevel(level, Level.OFF).equals(Level.toLevel(level, Level.ALL))) {
            root.warn("GB_LOG_LEVEL '{}' is not a level (TRACE, DEBUG, INFO, WARN, ERROR): logging at INFO", level);
        }
    }
}
