package io.gbmesh.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gbmesh.runtime.Env;
import io.gbmesh.runtime.MediaUrlToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quick start makes its media URL secret once and keeps it with the data; a given one is used as it is. */
class MediaUrlSecretTest {
    @TempDir
    Path data;

    @Test
    void generatedAtTheFirstStartAndKeptUnderTheDataDirectory() throws Exception {
        Env first = MeshLauncher.withMediaUrlSecret(Map.of("GB_DATA_DIR", data.toString()));
        String secret = first.get(MediaUrlToken.SECRET_VARIABLE, null);
        assertTrue(secret != null && secret.length() >= MediaUrlToken.MIN_SECRET_LENGTH, String.valueOf(secret));
        assertEquals(secret, Files.readString(data.resolve(MeshLauncher.MEDIA_URL_SECRET_FILE)).trim());
        Env restarted = MeshLauncher.withMediaUrlSecret(Map.of("GB_DATA_DIR", data.toString()));
        assertEquals(secret, restarted.get(MediaUrlToken.SECRET_VARIABLE, null), "URLs handed out stay valid across a restart");
        MediaUrlToken.fromEnv(restarted);
    }

    @Test
    void aGivenSecretIsUsedAndNothingIsWritten() {
        Env given = MeshLauncher.withMediaUrlSecret(Map.of("GB_DATA_DIR", data.toString(),
                "GB_MEDIA_URL_SECRET", "from-a-kubernetes-secret"));
        assertEquals("from-a-kubernetes-secret", given.get(MediaUrlToken.SECRET_VARIABLE, null));
        assertTrue(!Files.exists(data.resolve(MeshLauncher.MEDIA_URL_SECRET_FILE)));
    }
}
