package io.gbmesh.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import java.util.function.Consumer;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line of {@code gbmesh.jar} (and of the container image's entrypoint): which role this
 * JVM runs. Without a role it runs them all, as the quick start always has; a pod names its one role.
 * Settings stay in the environment, as for every role: the command line only chooses what starts.
 */
@Command(name = "gbmesh", mixinStandardHelpOptions = true, versionProvider = GbmeshCommand.Version.class,
        description = {"A GB/T 28181 video platform on a clustered Vert.x mesh.",
                "Without a role, every role starts in this JVM (the quick start). Settings come from GB_* environment variables."})
final class GbmeshCommand implements Runnable {
    /** What a JVM can run: every role, or one of them alone. */
    enum Role { ALL, GATEWAY, MEDIA, API }

    private final Consumer<Role> starter;

    GbmeshCommand(Consumer<Role> starter) {
        this.starter = starter;
    }

    /** The exit code of a command line that started nothing ({@code --help}, a wrong role) or 0 once a role is starting. */
    static int execute(Consumer<Role> starter, String... args) {
        return new CommandLine(new GbmeshCommand(starter)).execute(args);
    }

    @Override
    public void run() {
        starter.accept(Role.ALL);
    }

    @Command(name = "all", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "Every role in this JVM: SIP gateway, media node, api-service (the default).")
    void all() {
        starter.accept(Role.ALL);
    }

    @Command(name = "gateway", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "The SIP gateway alone: devices register here (needs GB_SIP_PASSWORD or GB_SIP_AUTH=off).")
    void gateway() {
        starter.accept(Role.GATEWAY);
    }

    @Command(name = "media", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "A media node alone: RTP in, viewers out (needs GB_MEDIA_URL_SECRET).")
    void media() {
        starter.accept(Role.MEDIA);
    }

    @Command(name = "api", mixinStandardHelpOptions = true, versionProvider = Version.class,
            description = "The api-service alone: HTTP API, MQTT, database (needs GB_MEDIA_URL_SECRET).")
    void api() {
        starter.accept(Role.API);
    }

    /** The build's version, written into the jar when it is built. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"gbmesh " + number()};
        }

        static String number() {
            try (InputStream in = GbmeshCommand.class.getResourceAsStream("version.properties")) {
                Properties p = new Properties();
                if (in != null) {
                    p.load(in);
                }
                return p.getProperty("version", "unknown");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
