package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SilentMediaNodesTest {
    @Test
    void aNodeSilentPastTheStaleTimeIsLostOnceUntilItReportsAgain() {
        SilentMediaNodes nodes = new SilentMediaNodes(2500);
        nodes.heard("media-1", 1000);
        nodes.heard("media-2", 1000);
        nodes.heard("media-1", 3000);
        assertEquals(List.of(), nodes.lostAt(3500));
        assertEquals(List.of("media-2"), nodes.lostAt(3501));
        assertEquals(List.of(), nodes.lostAt(4000), "said once");
        nodes.heard("media-2", 4100);
        assertEquals(List.of("media-1", "media-2"), nodes.lostAt(9000).stream().sorted().toList());
    }

    @Test
    void aNodeNeverHeardIsNeverLost() {
        assertEquals(List.of(), new SilentMediaNodes(100).lostAt(1_000_000));
    }

    @Test
    void aLateReportDoesNotMoveTheLastHeardBack() {
        SilentMediaNodes nodes = new SilentMediaNodes(1000);
        nodes.heard("media-1", 5000);
        nodes.heard("media-1", 4000);
        assertEquals(List.of(), nodes.lostAt(6000));
    }
}
