package io.gbmesh.media.testing;

import org.junit.jupiter.api.AfterEach;

/** A test with a node of its own: each test starts {@link #h} with the settings it needs, and it is stopped after the test. */
public abstract class NodeTest {

    protected NodeHarness h;

    @AfterEach
    void stopNode() throws Exception {
        if (h != null) {
            h.close();
        }
    }
}
