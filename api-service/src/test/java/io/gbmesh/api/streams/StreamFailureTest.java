package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.gbmesh.contracts.MediaNodeFailure;
import io.gbmesh.contracts.QueryFailure;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import org.junit.jupiter.api.Test;

/** A failed step's reply is answered by its code and the step that asked, whatever its text says. */
class StreamFailureTest {

    private static ReplyException refused(int code, String text) {
        return new ReplyException(ReplyFailure.RECIPIENT_FAILURE, code, text);
    }

    @Test
    void theNodesNoPortIsAConflictWhateverItsMessage() {
        StreamFailure f = StreamFailure.during(StartStep.OPEN_PORT, refused(MediaNodeFailure.NO_PORT, "Kein Port frei"));
        assertEquals(409, f.status());
        assertEquals(StartStep.OPEN_PORT, f.step());
    }

    @Test
    void aGatewayCodeMeansTheSameAtTheInvite() {
        assertEquals(503, StreamFailure.during(StartStep.INVITE, refused(QueryFailure.DEVICE_OFFLINE, "port")).status());
        assertEquals(504, StreamFailure.during(StartStep.INVITE, refused(QueryFailure.DEVICE_TIMEOUT, "")).status());
        assertEquals(502, StreamFailure.during(StartStep.INVITE, refused(QueryFailure.DEVICE_ERROR, "488")).status());
        assertEquals(429, StreamFailure.during(StartStep.INVITE, refused(QueryFailure.TOO_MANY_PENDING, "")).status());
        assertEquals(404, StreamFailure.during(StartStep.INVITE, refused(QueryFailure.UNKNOWN_DEVICE, "")).status());
    }

    @Test
    void theSameCodeMeansWhatItsStepSays() {
        // 504 from a node at the confirmation: it could not connect to the device (TCP active)
        StreamFailure confirm = StreamFailure.during(StartStep.CONFIRM, refused(MediaNodeFailure.CONNECT_FAILED, "x"));
        assertEquals(504, confirm.status());
        assertEquals(StartStep.CONFIRM, confirm.step());
        // a node's malformed-request answer is our own fault, not the client's
        assertEquals(500, StreamFailure.during(StartStep.OPEN_PORT, refused(MediaNodeFailure.BAD_REQUEST, "x")).status());
    }

    @Test
    void nobodyListeningAndNoAnswerInTime() {
        assertEquals(503, StreamFailure.during(StartStep.INVITE,
                new ReplyException(ReplyFailure.NO_HANDLERS, -1, "none")).status());
        assertEquals(504, StreamFailure.during(StartStep.OPEN_PORT,
                new ReplyException(ReplyFailure.TIMEOUT, -1, "timeout")).status());
    }

    @Test
    void aFailureThatKnowsItsStepKeepsIt() {
        StreamFailure first = new StreamFailure(504, StartStep.FIRST_FRAME, "no video");
        assertSame(first, StreamFailure.during(StartStep.FIRST_FRAME, first));
        assertEquals(StartStep.CLAIM_SSRC, StreamFailure.during(StartStep.CLAIM_SSRC, new StreamFailure(409, "no SSRC")).step());
    }
}
