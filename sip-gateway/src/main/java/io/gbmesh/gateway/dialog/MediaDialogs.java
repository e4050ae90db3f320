package io.gbmesh.gateway.dialog;

import java.util.HashMap;
import java.util.Map;

/**
 * The media dialogs this gateway node holds, by stream ID (for closing a stream) and by Call-ID
 * (for the device's in-dialog requests and retransmitted 200s). A channel may carry several.
 * Used on the gateway's event loop.
 */
final class MediaDialogs {
    private final Map<String, MediaDialog> byStream = new HashMap<>();
    private final Map<String, MediaDialog> byCallId = new HashMap<>();

    void add(MediaDialog dialog) {
        byStream.put(dialog.streamId, dialog);
        byCallId.put(dialog.callId, dialog);
    }

    MediaDialog byStream(String streamId) {
        return byStream.get(streamId);
    }

    MediaDialog byCallId(String callId) {
        return byCallId.get(callId);
    }

    void remove(MediaDialog dialog) {
        byStream.remove(dialog.streamId, dialog);
        byCallId.remove(dialog.callId, dialog);
    }

    int size() {
        return byStream.size();
    }
}
