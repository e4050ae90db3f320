package io.gbmesh.api.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The web console's pages are served without a token, and the root of the service leads to them. */
class ConsoleTest {
    private static TestApi api;

    @BeforeAll
    static void start() {
        api = TestApi.start("console");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static TestApi.Response open(String path) {
        return api.send("GET", path, null, null);
    }

    @Test
    void theRootAndTheBarePathLeadToTheConsole() {
        for (String path : new String[] {"/", "/console"}) {
            TestApi.Response r = open(path);
            assertEquals(302, r.status(), path);
            assertEquals("/console/", r.header("location"), path);
        }
    }

    @Test
    void theConsolePageLoadsItsScriptAndThePlayer() {
        TestApi.Response page = open("/console/");
        assertEquals(200, page.status());
        assertTrue(page.header("content-type").startsWith("text/html"), page.header("content-type"));
        assertTrue(page.body().contains("src=\"console.js\""), page.body());
        assertTrue(page.body().contains("src=\"vendor/mpegts.js/mpegts.js\""), page.body());
        for (String script : new String[] {"/console/console.js", "/console/vendor/mpegts.js/mpegts.js"}) {
            TestApi.Response r = open(script);
            assertEquals(200, r.status(), script);
            assertTrue(r.header("content-type").contains("javascript"), script + ": " + r.header("content-type"));
        }
        assertEquals(200, open("/console/vendor/mpegts.js/LICENSE").status(), "the player's licence is served beside it");
    }

    @Test
    void aMissingConsoleFileIsNotFound() {
        assertEquals(404, open("/console/nothing-here.js").status());
    }
}
