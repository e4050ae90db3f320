package io.gbmesh.api.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The embedded PostgreSQL takes password logins only, with the password generated at the first start
 * and kept beside the data (mode 600); a data directory of an earlier version (trust) is upgraded.
 * Logins are tried over TCP with PostgreSQL's own JDBC driver.
 */
@Timeout(180)
class EmbeddedPasswordTest {
    private Path dataRoot;
    private Path serverDir;

    @BeforeEach
    void dirs() throws Exception {
        dataRoot = Files.createDirectories(Path.of("target")).toAbsolutePath()
                .resolve("pg-password-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        serverDir = dataRoot.resolve("postgres");
    }

    @AfterEach
    void clean() throws Exception {
        if (Files.exists(dataRoot)) {
            TestPostgres.deleteTree(dataRoot);
        }
    }

    private static Connection login(int port, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        p.setProperty("connectTimeout", "10");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", p);
    }

    private void assertPasswordOnly(int port, String password) throws SQLException {
        assertThrows(SQLException.class, () -> login(port, null).close(), "no password: refused");
        SQLException wrong = assertThrows(SQLException.class, () -> login(port, password + "x").close());
        assertEquals("28P01", wrong.getSQLState(), "wrong password: refused by the server, " + wrong.getMessage());
        try (Connection c = login(port, password); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT 1")) {
            assertTrue(r.next());
        }
    }

    private String storedPassword() throws Exception {
        Path file = dataRoot.resolve(EmbeddedCredentials.FILE_NAME);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        return Files.readString(file).trim();
    }

    @Test
    void aNewServerTakesOnlyTheGeneratedPassword() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(serverDir, 0)) {
            String password = storedPassword();
            assertEquals(32, password.length(), "24 random bytes, Base64");
            assertEquals(password, server.connectOptions().getPassword());
            assertFalse(EmbeddedCredentials.allowsTrust(serverDir));
            assertPasswordOnly(server.connectOptions().getPort(), password);
        }
        // and again on the same directory, with the same password
        try (EmbeddedServer again = EmbeddedServer.start(serverDir, 0)) {
            assertPasswordOnly(again.connectOptions().getPort(), storedPassword());
        }
    }

    @Test
    void aTrustModeDirectoryOfAnEarlierVersionIsUpgradedWithItsData() throws Exception {
        // what earlier versions did: the library's defaults, initdb -A trust
        Files.createDirectories(serverDir);
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(serverDir)
                .setCleanDataDirectory(false).start();
             Connection c = login(old.getPort(), null); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('from before the upgrade')");
        }
        assertTrue(EmbeddedCredentials.allowsTrust(serverDir), "the old directory lets anyone in");
        assertFalse(Files.exists(dataRoot.resolve(EmbeddedCredentials.FILE_NAME)));

        try (EmbeddedServer upgraded = EmbeddedServer.start(serverDir, 0)) {
            String password = storedPassword();
            assertFalse(EmbeddedCredentials.allowsTrust(serverDir));
            int port = upgraded.connectOptions().getPort();
            assertPasswordOnly(port, password);
            try (Connection c = login(port, password); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT v FROM kept")) {
                assertTrue(r.next());
                assertEquals("from before the upgrade", r.getString(1));
            }
        }
        try (EmbeddedServer restarted = EmbeddedServer.start(serverDir, 0)) {
            assertPasswordOnly(restarted.connectOptions().getPort(), storedPassword());
        }
    }

    @Test
    void aPasswordDirectoryWithoutItsPasswordFileSaysSo() throws Exception {
        try (EmbeddedServer server = EmbeddedServer.start(serverDir, 0)) {
            assertTrue(Files.exists(dataRoot.resolve(EmbeddedCredentials.FILE_NAME)));
        }
        Files.delete(dataRoot.resolve(EmbeddedCredentials.FILE_NAME));
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> EmbeddedServer.start(serverDir, 0));
        assertTrue(e.getMessage().contains("is missing"), e.getMessage());
    }
}
