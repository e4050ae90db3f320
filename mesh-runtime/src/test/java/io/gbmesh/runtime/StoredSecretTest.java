package io.gbmesh.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredSecretTest {
    @TempDir
    Path dir;

    @Test
    void madeOnceKeptAndReadableByTheOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        String first = StoredSecret.readOrCreate(data, "media-url-secret");
        assertTrue(first.length() >= 40, first);
        assertEquals(first, StoredSecret.readOrCreate(data, "media-url-secret"), "the same at the next start");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("media-url-secret"))));
        assertNotEquals(first, StoredSecret.readOrCreate(dir.resolve("other"), "media-url-secret"), "random, not a default");
    }

    @Test
    void aGeneratorOfItsOwnAndNothingLeftBeside() throws Exception {
        Path file = dir.resolve("new").resolve("sip-password");
        String typed = StoredSecret.readOrCreate(file, StoredSecret.randomOf("ab", 16));
        assertTrue(typed.matches("[ab]{16}"), typed);
        assertEquals(typed + "\n", Files.readString(file), "one line");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        assertEquals(1, Files.list(file.getParent()).count(), "no temporary file left beside it");
        assertEquals(typed, StoredSecret.readOrCreate(file, () -> "never-asked"), "kept");
    }
}
