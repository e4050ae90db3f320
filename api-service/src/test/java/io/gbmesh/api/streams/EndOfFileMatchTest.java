package io.gbmesh.api.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gbmesh.contracts.MediaStatusNotified;
import io.gbmesh.contracts.MediaTransport;
import io.gbmesh.contracts.StreamKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which stream a device's MediaStatus 121 ends: by its dialog when it comes in one, else by device, channel and kind. */
class EndOfFileMatchTest {
    private static final String DEVICE = "34020000001320000001";
    private static final String CHANNEL = "34020000001310000001";
    private static final String OTHER_CHANNEL = "34020000001310000002";

    static ActiveStream stream(String id, StreamKind kind, String channel, String callId, long startedAt,
                                       long segmentStartedAt) {
        return new ActiveStream(id, kind, DEVICE, channel, 0, MediaTransport.UDP, 1000, 2000, "node", "127.0.0.1", 30000,
                "http://127.0.0.1:8080", "1000000001", "1000000001", null, "H264", 704, 576, startedAt, 0, 0, callId, 1000,
                segmentStartedAt, 0, null, false);
    }

    private static MediaStatusNotified inDialog(String callId, long at) {
        return new MediaStatusNotified(DEVICE, CHANNEL, "121", at, callId, true);
    }

    private static MediaStatusNotified eof(String channel, String callId, long at) {
        return new MediaStatusNotified(DEVICE, channel, "121", at, callId);
    }

    @Test
    void anInDialogNotificationEndsTheStreamOfThatDialogEvenWhenAnOlderPlaybackOfTheChannelRuns() {
        ActiveStream older = stream("older", StreamKind.PLAYBACK, CHANNEL, "call-older", 100, 100);
        ActiveStream newer = stream("newer", StreamKind.PLAYBACK, CHANNEL, "call-newer", 200, 200);
        assertEquals("newer", EndOfFileMatch.streamOf(eof(CHANNEL, "call-newer", 500), List.of(older, newer)).streamId());
        assertEquals("older", EndOfFileMatch.streamOf(eof(CHANNEL, "call-older", 500), List.of(older, newer)).streamId());
    }

    @Test
    void anOutOfDialogNotificationEndsTheChannelsOldestPlaybackOrDownload() {
        ActiveStream newer = stream("newer", StreamKind.PLAYBACK, CHANNEL, "call-newer", 200, 200);
        ActiveStream older = stream("older", StreamKind.DOWNLOAD, CHANNEL, "call-older", 100, 100);
        assertEquals("older", EndOfFileMatch.streamOf(eof(CHANNEL, "a-call-of-its-own", 500), List.of(newer, older)).streamId());
        assertEquals("older", EndOfFileMatch.streamOf(eof(CHANNEL, null, 500), List.of(newer, older)).streamId());
    }

    @Test
    void thePlaybackWhoseCurrentFilePlayedLongestIsTakenNotTheOneThatJustWentOnToItsNext() {
        // "first" started first but went on to its next file at 400: "second"'s file has been playing since 200
        ActiveStream first = stream("first", StreamKind.PLAYBACK, CHANNEL, "call-1b", 100, 400);
        ActiveStream second = stream("second", StreamKind.PLAYBACK, CHANNEL, "call-2", 200, 200);
        assertEquals("second", EndOfFileMatch.streamOf(eof(CHANNEL, null, 500), List.of(first, second)).streamId());
    }

    @Test
    void aStreamWhoseDialogWasAnsweredAfterTheNotificationArrivedIsNotTaken() {
        ActiveStream later = stream("later", StreamKind.PLAYBACK, CHANNEL, "call", 600, 600);
        assertNull(EndOfFileMatch.streamOf(eof(CHANNEL, null, 500), List.of(later)));
    }

    @Test
    void liveStreamsAndOtherChannelsAreNeverEnded() {
        ActiveStream live = stream("live", StreamKind.PLAY, CHANNEL, "call-live", 100, 100);
        ActiveStream elsewhere = stream("elsewhere", StreamKind.PLAYBACK, OTHER_CHANNEL, "call-2", 100, 100);
        assertNull(EndOfFileMatch.streamOf(eof(CHANNEL, null, 500), List.of(live, elsewhere)));
        // even named by its dialog, a live stream is not a recording that can end its file
        assertNull(EndOfFileMatch.streamOf(eof(CHANNEL, "call-live", 500), List.of(live, elsewhere)));
        assertEquals("elsewhere", EndOfFileMatch.streamOf(eof(OTHER_CHANNEL, null, 500), List.of(live, elsewhere)).streamId());
    }

    @Test
    void aCameraThatNamesItselfEndsItsOnlyChannelsPlayback() {
        ActiveStream p = stream("p", StreamKind.PLAYBACK, CHANNEL, "call", 100, 100);
        assertEquals("p", EndOfFileMatch.streamOf(eof(DEVICE, null, 500), List.of(p)).streamId());
    }

    @Test
    void anotherDevicesNotificationEndsNothingEvenWithTheSameCallId() {
        ActiveStream p = stream("p", StreamKind.PLAYBACK, CHANNEL, "call", 100, 100);
        assertNull(EndOfFileMatch.streamOf(new MediaStatusNotified("34020000001320000009", CHANNEL, "121", 500, "call"),
                List.of(p)));
    }

    @Test
    void aRepeated121OfTheSameDialogIsHandledOnce() {
        ActiveStream p = stream("p", StreamKind.PLAYBACK, CHANNEL, "call-1", 100, 100);
        ActiveStream taken = EndOfFileMatch.taken(inDialog("call-1", 500), p);
        assertEquals("call-1", taken.endOfFileCallId());
        assertEquals(true, taken.advancing(), "advancing from the same change that takes the end of file");
        assertNull(EndOfFileMatch.taken(inDialog("call-1", 501), taken), "the device's second 121 while moving on");
        // the next file's dialog is in place: a late copy of the first dialog's 121 is not about it
        ActiveStream next = taken.inNewDialog(1500, "call-2", "1000000001", 600);
        assertEquals(false, next.advancing());
        assertNull(EndOfFileMatch.streamOf(inDialog("call-1", 700), List.of(next)), "a dialog ended already names no stream");
        assertNull(EndOfFileMatch.taken(inDialog("call-1", 700), next));
        // and its own 121 is taken, once
        ActiveStream second = EndOfFileMatch.taken(inDialog("call-2", 800), next);
        assertEquals("call-2", second.endOfFileCallId());
        assertNull(EndOfFileMatch.taken(inDialog("call-2", 801), second.inNewDialog(2000, "call-2", "1", 802).withAdvancing(false)),
                "even once no longer advancing, call-2's end was handled");
    }

    @Test
    void anInDialog121WhoseCallIdNamesNoStreamIsNotMatchedByTheChannel() {
        ActiveStream justStarted = stream("p", StreamKind.PLAYBACK, CHANNEL, "call-new", 100, 100);
        assertNull(EndOfFileMatch.streamOf(inDialog("call-gone", 500), List.of(justStarted)));
        // out of dialog the channel still decides
        assertEquals("p", EndOfFileMatch.streamOf(eof(CHANNEL, "call-of-its-own", 500), List.of(justStarted)).streamId());
    }

    @Test
    void aPlaybackMovingToItsNextFileTakesNoOutOfDialog121() {
        ActiveStream moving = stream("p", StreamKind.PLAYBACK, CHANNEL, "call-1", 100, 100).withAdvancing(true);
        assertNull(EndOfFileMatch.streamOf(eof(CHANNEL, null, 500), List.of(moving)));
        assertNull(EndOfFileMatch.taken(eof(CHANNEL, null, 500), moving));
        ActiveStream taken = EndOfFileMatch.taken(eof(CHANNEL, null, 500), moving.withAdvancing(false));
        assertEquals(true, taken.advancing());
        assertNull(EndOfFileMatch.taken(eof(CHANNEL, null, 501), taken.withAdvancing(false)),
                "an out-of-dialog repeat of the same dialog's end");
    }
}
