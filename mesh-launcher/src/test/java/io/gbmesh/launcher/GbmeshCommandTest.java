package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code gbmesh [all|gateway|media|api]}: the role a JVM runs, every role without one (the quick start). */
class GbmeshCommandTest {
    private final List<GbmeshCommand.Role> started = new ArrayList<>();

    @Test
    void noArgumentStartsEveryRoleAsTheQuickStartAlwaysHas() {
        assertEquals(0, GbmeshCommand.execute(started::add));
        assertEquals(List.of(GbmeshCommand.Role.ALL), started);
    }

    @Test
    void eachRoleByName() {
        for (String role : List.of("all", "gateway", "media", "api")) {
            assertEquals(0, GbmeshCommand.execute(started::add, role));
        }
        assertEquals(List.of(GbmeshCommand.Role.ALL, GbmeshCommand.Role.GATEWAY, GbmeshCommand.Role.MEDIA,
                GbmeshCommand.Role.API), started);
    }

    @Test
    void helpListsTheRolesAndStartsNothing() {
        String help = run("--help");
        for (String role : List.of("all", "gateway", "media", "api")) {
            assertTrue(help.contains("  " + role + " "), help);
        }
        assertTrue(started.isEmpty());
    }

    @Test
    void versionIsTheBuildsAndStartsNothing() {
        String version = run("--version").trim();
        assertTrue(version.matches("gbmesh \\d+\\.\\d+\\.\\d+.*"), version);
        assertTrue(started.isEmpty());
    }

    @Test
    void anUnknownRoleIsAUsageErrorAndStartsNothing() {
        CommandLine line = new CommandLine(new GbmeshCommand(started::add));
        StringWriter err = new StringWriter();
        line.setErr(new PrintWriter(err, true));
        assertEquals(CommandLine.ExitCode.USAGE, line.execute("recorder"));
        assertTrue(err.toString().contains("recorder"), err.toString());
        assertTrue(started.isEmpty());
    }

    private String run(String... args) {
        CommandLine line = new CommandLine(new GbmeshCommand(started::add));
        StringWriter out = new StringWriter();
        line.setOut(new PrintWriter(out, true));
        assertEquals(0, line.execute(args));
        return out.toString();
    }
}
