package io.gbmesh.vertx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Only {@link VertxLoops} names Vert.x's internal packages, in the main code of every module. */
class InternalsInOnePlaceTest {

    @Test
    void onlyVertxLoopsNamesTheInternalPackages() throws IOException {
        Path root = Path.of("").toAbsolutePath().getParent();
        assertTrue(Files.exists(root.resolve("pom.xml")) && Files.isDirectory(root.resolve("sip-stack")),
                "run from the module's folder inside the project: " + root);
        List<String> offenders = new ArrayList<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(p -> p.toString().endsWith(".java"))
                            .filter(p -> !p.getFileName().toString().equals("VertxLoops.java"))
                            .filter(InternalsInOnePlaceTest::namesInternals)
                            .forEach(p -> offenders.add(root.relativize(p).toString()));
                }
            }
        }
        offenders.sort(null);
        assertEquals(List.of(), offenders, "Vert.x internals used outside io.gbmesh.vertx.VertxLoops");
    }

    private static boolean namesInternals(Path file) {
        try {
            String text = Files.readString(file);
            return text.contains("io.vertx.core.internal") || text.contains("io.vertx.core.impl");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
